; Java tags for rlm-code. Derived from tree-sitter-java's queries/tags.scm, extended with
; enums, records, constructors, constants, receivers, imports, bases and typed bindings.
; Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(class_declaration
  name: (identifier) @name.definition.class) @definition.class

(record_declaration
  name: (identifier) @name.definition.class) @definition.class

(interface_declaration
  name: (identifier) @name.definition.interface) @definition.interface

(annotation_type_declaration
  name: (identifier) @name.definition.interface) @definition.interface

(enum_declaration
  name: (identifier) @name.definition.enum) @definition.enum

(method_declaration
  type: (_) @returns
  name: (identifier) @name.definition.method) @definition.method

; An annotation's element is read as a method: `perm.alias()` of `@interface Permission`.
(annotation_type_element_declaration
  type: (_) @returns
  name: (identifier) @name.definition.method) @definition.method

; A constructor is the method named after its class: `Order.Order`.
(constructor_declaration
  name: (identifier) @name.definition.method) @definition.method

; `static final` fields are the constants; interface fields are implicitly so.
((field_declaration
  (modifiers) @_modifiers
  declarator: (variable_declarator
    name: (identifier) @name.definition.constant) @definition.constant)
  (#match? @_modifiers "static")
  (#match? @_modifiers "final"))

(constant_declaration
  declarator: (variable_declarator
    name: (identifier) @name.definition.constant) @definition.constant)

(enum_constant
  name: (identifier) @name.definition.constant) @definition.constant

; ---- calls -------------------------------------------------------------------------------

; The receiver may be a new instance: `new Foo().m()`, `new Foo().make().ship()`. One that ends
; in a body (an anonymous class, an array's initializer) is taken below, or not at all.
((method_invocation
  object: (_) @receiver
  name: (identifier) @name.reference.call) @reference.call
  (#not-match? @receiver "}$"))

; An anonymous class's instance, `new Foo() {...}.m()`, is taken for a Foo.
(method_invocation
  object: (object_creation_expression
    type: (_) @receiver
    (class_body))
  name: (identifier) @name.reference.call) @reference.call

(method_invocation
  !object
  name: (identifier) @name.reference.call) @reference.call

; `new Foo()` calls the class (its constructor).
(object_creation_expression
  type: [(type_identifier) @name.reference.call
         (generic_type (type_identifier) @name.reference.call)
         (scoped_type_identifier
           .
           (_) @receiver
           (type_identifier) @name.reference.call .)
         (generic_type
           (scoped_type_identifier
             .
             (_) @receiver
             (type_identifier) @name.reference.call .))]) @reference.call

; ---- other references --------------------------------------------------------------------

; `Order::create` hands a method on.
(method_reference
  .
  (_) @receiver
  (identifier) @name.reference.ref .) @reference.ref

(argument_list
  (identifier) @name.reference.ref) @reference.ref

; A type named in a declaration, a parameter, a return type, or among a class's bases.
((local_variable_declaration
  type: [(type_identifier) @name.reference.type
         (generic_type (type_identifier) @name.reference.type)
         (scoped_type_identifier
           .
           (_) @receiver
           (type_identifier) @name.reference.type .)]) @reference.type
  (#not-eq? @name.reference.type "var"))

(field_declaration
  type: [(type_identifier) @name.reference.type
         (generic_type (type_identifier) @name.reference.type)
         (scoped_type_identifier
           .
           (_) @receiver
           (type_identifier) @name.reference.type .)]) @reference.type

(formal_parameter
  type: [(type_identifier) @name.reference.type
         (generic_type (type_identifier) @name.reference.type)
         (scoped_type_identifier
           .
           (_) @receiver
           (type_identifier) @name.reference.type .)]) @reference.type

(method_declaration
  type: [(type_identifier) @name.reference.type
         (generic_type (type_identifier) @name.reference.type)
         (scoped_type_identifier
           .
           (_) @receiver
           (type_identifier) @name.reference.type .)]) @reference.type

(superclass
  [(type_identifier) @name.reference.type
   (generic_type (type_identifier) @name.reference.type)
   (scoped_type_identifier
     .
     (_) @receiver
     (type_identifier) @name.reference.type .)]) @reference.type

(type_list
  [(type_identifier) @name.reference.type
   (generic_type (type_identifier) @name.reference.type)
   (scoped_type_identifier
     .
     (_) @receiver
     (type_identifier) @name.reference.type .)]) @reference.type

; ---- imports -----------------------------------------------------------------------------
; `import a.b.C;` is module `a.b`, name `C`; `import static a.b.C.m;` is module `a.b.C`, name
; `m`; a wildcard has the name `*`.

(import_declaration
  (scoped_identifier
    scope: (_) @import.module
    name: (identifier) @import.name) .) @import

(import_declaration
  (scoped_identifier) @import.module
  (asterisk) @import.name) @import

; ---- class bases -------------------------------------------------------------------------

(class_declaration
  name: (identifier) @inherit.class
  superclass: (superclass (_) @inherit.base))

(_
  name: (identifier) @inherit.class
  interfaces: (super_interfaces (type_list (_) @inherit.base)))

(interface_declaration
  name: (identifier) @inherit.class
  (extends_interfaces (type_list (_) @inherit.base)))

; ---- typed bindings, for resolving `x.method()` ------------------------------------------

; `var x = new Foo()`: the object created gives the type.
((local_variable_declaration
  type: (_) @_var
  declarator: (variable_declarator
    name: (identifier) @bind.target
    value: (object_creation_expression
      type: (_) @bind.call)))
  (#eq? @_var "var"))

; `var x = store.find(1)`: what the called method is declared to return.
((local_variable_declaration
  type: (_) @_var
  declarator: (variable_declarator
    name: (identifier) @bind.target
    value: (method_invocation) @bind.value))
  (#eq? @_var "var"))

((local_variable_declaration
  type: (_) @bind.type
  declarator: (variable_declarator
    name: (identifier) @bind.target))
  (#not-eq? @bind.type "var"))

; An interface's constant is a field too: commons-lang's `FailablePredicate TRUE = t -> true;`.
([(field_declaration
   type: (_) @bind.type
   declarator: (variable_declarator
     name: (identifier) @bind.target))
  (constant_declaration
   type: (_) @bind.type
   declarator: (variable_declarator
     name: (identifier) @bind.target))])

(formal_parameter
  type: (_) @bind.type
  name: (identifier) @bind.target)

(enhanced_for_statement
  type: (_) @bind.type
  name: (identifier) @bind.target)

; `if (view instanceof CapacitorWebView webView)` declares `webView` of that type.
(instanceof_expression
  right: (_) @bind.type
  name: (identifier) @bind.target)

; An enum's constants are instances of it: `PermissionState.GRANTED.toString()`.
(enum_declaration
  name: (identifier) @bind.type
  body: (enum_body (enum_constant name: (identifier) @bind.target)))

(variable_declarator
  name: (identifier) @bind.target
  value: [(string_literal) (array_creation_expression) (array_initializer)] @bind.value)

; Plain local names shadow outer definitions.
(variable_declarator
  name: (identifier) @bind.target)

; `items.forEach(item -> item.run())`, `nodes.stream().filter(n -> n.isBlock())`: an untyped
; parameter of a lambda given to a method that hands it each element (the one argument of
; forEach, filter, map, ...) holds each element of the receiver; `map.forEach((k, v) -> ...)`
; a key and a value.
((method_invocation
  object: (_) @bind.each
  name: (identifier) @_each
  arguments: (argument_list . (lambda_expression parameters: (identifier) @bind.target) .))
  (#match? @_each "^(forEach|forEachOrdered|filter|map|flatMap|mapToInt|mapToLong|mapToDouble|mapToObj|anyMatch|allMatch|noneMatch|peek|removeIf|takeWhile|dropWhile|ifPresent)$"))

((method_invocation
  object: (_) @bind.each
  name: (identifier) @_each
  arguments: (argument_list
    .
    (lambda_expression parameters: (inferred_parameters (identifier) @bind.target) @bind.pattern) .))
  (#eq? @_each "forEach"))

(lambda_expression
  parameters: [(identifier) @bind.target
               (inferred_parameters (identifier) @bind.target)
               (formal_parameters (formal_parameter name: (identifier) @bind.target))])

; ---- anonymous functions (rlm_code/repo/anonymous.py) ---------------------------------------
; A lambda binds its parameters and locals for itself: two lambdas of one method may each name
; a parameter `e` of another type, and one shadows a field or a local of its name inside it
; only. Callers are still named after the method around it.
(lambda_expression) @anonymous

; An anonymous class's body binds its fields for itself, and its methods' code is named under
; it (rlm_code/repo/extract.py's _lexical_scopes): two anonymous classes' `compare` in one
; method are two scopes. Callers are still named after the method (`m.compare`).
(object_creation_expression
  (class_body) @anonymous)

; One that initializes a field is named after it, and its methods too (`Use.C.compare` of
; `static final Comparator<X> C = new Comparator<X>() {...}` in `Use`): they are no members of
; the class around.
([(field_declaration
    declarator: (variable_declarator
      name: (identifier) @anonymous.field
      value: (object_creation_expression (class_body) @anonymous)))
  (constant_declaration
    declarator: (variable_declarator
      name: (identifier) @anonymous.field
      value: (object_creation_expression (class_body) @anonymous)))])

; An anonymous class's base, `T` of `new T() {...}`: code in its methods sees T's members before
; those of the class around (rlm_code/repo/resolve/java.py). Its body names the class.
(object_creation_expression
  type: (_) @inherit.base
  (class_body) @inherit.class)
