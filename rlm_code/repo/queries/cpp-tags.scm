; inherits: c
; C++ tags for rlm-code: what C++ adds to C (c-tags.scm, appended after these patterns).
; Derived from tree-sitter-cpp's queries/tags.scm. Capture names:
; rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

; Methods defined in a class body, out-of-line definitions (`void Foo::bar()`, named with
; their qualifier), constructors, destructors and operators. Prototypes are not definitions.
(function_definition
  type: (_)? @returns
  declarator: [(function_declarator
                 declarator: [(field_identifier) (qualified_identifier) (destructor_name)
                              (operator_name)] @name.definition.function)
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: [(field_identifier) (qualified_identifier) (operator_name)] @name.definition.function))
               (reference_declarator
                 (function_declarator
                   declarator: [(identifier) (field_identifier) (qualified_identifier)
                                (operator_name)] @name.definition.function))]) @definition.function

; A pure virtual method has no body but is the one definition an interface has.
(field_declaration
  declarator: (function_declarator
    declarator: (field_identifier) @name.definition.method)
  default_value: (number_literal)) @definition.method

(class_specifier
  name: (type_identifier) @name.definition.class
  body: (_)) @definition.class

; An export macro between `class` and the name (`class JSON_API Value {`) reads as a function
; `Value` returning `class JSON_API`; its body is the class's.
(function_definition
  type: (class_specifier
    name: (type_identifier) @_macro
    !body)
  declarator: (identifier) @name.definition.class
  body: (compound_statement)
  (#match? @_macro "^[A-Z][A-Z0-9_]*$")) @definition.class

; Structs, unions and enums in a namespace, a class or a template (C covers the top level).
([(declaration_list
   [(struct_specifier name: (type_identifier) @name.definition.struct body: (_)) @definition.struct
    (union_specifier name: (type_identifier) @name.definition.union body: (_)) @definition.union
    (enum_specifier name: (type_identifier) @name.definition.enum body: (_)) @definition.enum])
  (field_declaration
   type: [(struct_specifier name: (type_identifier) @name.definition.struct body: (_)) @definition.struct
          (union_specifier name: (type_identifier) @name.definition.union body: (_)) @definition.union
          (enum_specifier name: (type_identifier) @name.definition.enum body: (_)) @definition.enum])
  (template_declaration
   [(struct_specifier name: (type_identifier) @name.definition.struct body: (_)) @definition.struct])])

(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name.definition.module) @definition.module

; A type alias "returns" the type it stands for (`using Fodder = std::vector<Foo>;`).
(alias_declaration
  name: (type_identifier) @name.definition.type
  type: (_) @returns) @definition.type

(type_definition
  type: [(qualified_identifier) (template_type)] @returns
  declarator: (type_identifier) @name.definition.type) @definition.type

(namespace_definition
  body: (declaration_list
    (declaration
      (type_qualifier) @_const
      declarator: (init_declarator
        declarator: (identifier) @name.definition.constant)) @definition.constant)
  (#eq? @_const "const"))

; ---- calls -------------------------------------------------------------------------------

; `Foo::bar()`, `ns::inner::f()`: the receiver is everything before the last `::`.
(call_expression
  function: (qualified_identifier
    scope: (_) @receiver
    name: [(identifier) @name.reference.call
           (template_function name: (identifier) @name.reference.call)])) @reference.call

(call_expression
  function: (qualified_identifier
    scope: (_) @receiver
    name: (qualified_identifier
      scope: (_) @receiver
      name: [(identifier) @name.reference.call
             (template_function name: (identifier) @name.reference.call)]))) @reference.call

(call_expression
  function: (qualified_identifier
    scope: (_) @receiver
    name: (qualified_identifier
      scope: (_) @receiver
      name: (qualified_identifier
        scope: (_) @receiver
        name: (identifier) @name.reference.call)))) @reference.call

(call_expression
  function: (template_function
    name: (identifier) @name.reference.call)) @reference.call

(call_expression
  function: (field_expression
    argument: (_) @receiver
    field: (template_method
      name: (field_identifier) @name.reference.call))) @reference.call

; Constructing calls the class: `new Foo(1)`, `Foo x(1)`, `Foo{1}`.
(new_expression
  type: [(type_identifier) @name.reference.call
         (template_type name: (type_identifier) @name.reference.call)
         (qualified_identifier
           scope: (_) @receiver
           name: (type_identifier) @name.reference.call)]) @reference.call

(declaration
  type: [(type_identifier) @name.reference.call
         (template_type name: (type_identifier) @name.reference.call)
         (qualified_identifier
           scope: (_) @receiver
           name: [(type_identifier) @name.reference.call
                  (template_type name: (type_identifier) @name.reference.call)])]
  declarator: (init_declarator
    value: [(argument_list) (initializer_list)])) @reference.call

; In a body, `Interpreter vm(alloc, ext_vars);` parses as the prototype of a function taking
; types `alloc` and `ext_vars`; it constructs a local (a prototype there is all but unheard of),
; unless its parameters can only be types: builtin ones (`Foo bar(int, unsigned long);`), a
; `const` one or one ending in `*` or `&` (`Foo bar(Baz, const Qux &);`).
(compound_statement
  (declaration
    type: [(type_identifier) @name.reference.call
           (template_type name: (type_identifier) @name.reference.call)
           (qualified_identifier
             scope: (_) @receiver
             name: [(type_identifier) @name.reference.call
                    (template_type name: (type_identifier) @name.reference.call)])]
    declarator: (function_declarator
      parameters: (parameter_list . (parameter_declaration !declarator)) @_names)) @reference.call
  (#not-match? @_names "^\\((\\s|,|\\b(void|bool|char|short|int|long|float|double|signed|unsigned|wchar_t|char(8|16|32)_t|u?int(8|16|32|64|ptr|max)_t|s?size_t|ptrdiff_t)\\b)*\\)$")
  (#not-match? @_names "\\bconst\\b|[*&]\\s*[,)]"))

; A temporary: `auto f = Foo{1};`, `Foo{1}.bar()`.
(compound_literal_expression
  type: [(type_identifier) @name.reference.call
         (template_type name: (type_identifier) @name.reference.call)
         (qualified_identifier
           scope: (_) @receiver
           name: [(type_identifier) @name.reference.call
                  (template_type name: (type_identifier) @name.reference.call)])]) @reference.call

; A constructor's initializer list names bases and members in the constructor's class
; (`Derived() : Base(2), size_(3)` means `Derived::Base`, `Derived::size_`), so the class is the
; receiver: a base is a call of its constructor, a member no call of a function of its name.
(function_definition
  declarator: (function_declarator
    declarator: [(identifier) @receiver
                 (qualified_identifier scope: (_) @receiver name: (identifier))
                 (qualified_identifier
                   scope: (_) @receiver
                   name: (qualified_identifier scope: (_) @receiver name: (identifier)))])
  (field_initializer_list
    (field_initializer
      [(field_identifier) @name.reference.call
       (template_method name: (field_identifier) @name.reference.call)]) @reference.call))

; `Derived() : ns::Base(2)`: a qualified name is a base's.
(field_initializer
  (qualified_identifier
    scope: (_) @receiver
    name: [(field_identifier) @name.reference.call
           (template_method name: (field_identifier) @name.reference.call)])) @reference.call

; ---- other references --------------------------------------------------------------------

(declaration
  type: (qualified_identifier
    scope: (_) @receiver
    name: (type_identifier) @name.reference.type)) @reference.type

(parameter_declaration
  type: (qualified_identifier
    scope: (_) @receiver
    name: (type_identifier) @name.reference.type)) @reference.type

(base_class_clause
  [(type_identifier) @name.reference.type
   (qualified_identifier
     scope: (_) @receiver
     name: (type_identifier) @name.reference.type)]) @reference.type

; ---- imports: C's includes, and the names a C++ file brings into scope ----------------------

; `namespace u = util;` binds `u` to the namespace.
(namespace_alias_definition
  .
  (namespace_identifier) @import.alias
  [(namespace_identifier) (nested_namespace_specifier)] @import.module .) @import

; `using geo::total_area;` binds `total_area`.
(using_declaration
  (qualified_identifier
    scope: (_) @import.module
    name: (identifier) @import.name)) @import

; ---- class bases -------------------------------------------------------------------------

([(class_specifier name: (type_identifier) @inherit.class
    (base_class_clause
      [(type_identifier) (qualified_identifier) (template_type)] @inherit.base))
  (struct_specifier name: (type_identifier) @inherit.class
    (base_class_clause
      [(type_identifier) (qualified_identifier) (template_type)] @inherit.base))])

; ---- anonymous functions (rlm_code/repo/anonymous.py) ---------------------------------------
; A lambda binds its parameters and locals for itself: two lambdas of one function may each
; name a parameter `x` of another type, and one shadows a local or a member of its name inside
; it only. Callers are still named after the function around it.
(lambda_expression) @anonymous

; ---- typed bindings ----------------------------------------------------------------------

(declaration
  type: (placeholder_type_specifier)
  declarator: (init_declarator
    declarator: (identifier) @bind.target
    value: [(new_expression type: (_) @bind.call)
            (compound_literal_expression type: (_) @bind.call)]))

(declaration
  type: (placeholder_type_specifier)
  declarator: (init_declarator
    declarator: (identifier) @bind.target
    value: (call_expression function: [(identifier) (qualified_identifier)] @bind.call)))

[(parameter_declaration
   type: [(qualified_identifier) (template_type)] @bind.type
   declarator: [(identifier) @bind.target
                (pointer_declarator declarator: (identifier) @bind.target)
                (reference_declarator (identifier) @bind.target)])
 (parameter_declaration
   type: (type_identifier) @bind.type
   declarator: (reference_declarator (identifier) @bind.target))]

(declaration
  type: [(qualified_identifier) (template_type)] @bind.type
  declarator: [(identifier) @bind.target
               (init_declarator declarator: [(identifier) @bind.target
                                             (pointer_declarator declarator: (identifier) @bind.target)])])

(compound_statement
  (declaration
    type: [(type_identifier) (qualified_identifier) (template_type)] @bind.type
    declarator: (function_declarator
      declarator: (identifier) @bind.target
      parameters: (parameter_list . (parameter_declaration !declarator)) @_names))
  (#not-match? @_names "^\\((\\s|,|\\b(void|bool|char|short|int|long|float|double|signed|unsigned|wchar_t|char(8|16|32)_t|u?int(8|16|32|64|ptr|max)_t|s?size_t|ptrdiff_t)\\b)*\\)$")
  (#not-match? @_names "\\bconst\\b|[*&]\\s*[,)]"))

; `const Rank &rank = ranks_[i];`
(declaration
  type: [(type_identifier) (qualified_identifier) (template_type)] @bind.type
  declarator: (init_declarator declarator: (reference_declarator (identifier) @bind.target)))

(field_declaration
  type: [(qualified_identifier) (template_type)] @bind.type
  declarator: [(field_identifier) @bind.target
               (pointer_declarator declarator: (field_identifier) @bind.target)
               (reference_declarator (field_identifier) @bind.target)])

; An array of a qualified or template type: `ns::Foo items[4];`.
(declaration
  type: [(qualified_identifier) (template_type)] @bind.array
  declarator: [(array_declarator declarator: (identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (identifier) @bind.target))
               (init_declarator declarator: (array_declarator declarator: (identifier) @bind.target))])

(parameter_declaration
  type: [(qualified_identifier) (template_type)] @bind.array
  declarator: [(array_declarator declarator: (identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (identifier) @bind.target))])

(field_declaration
  type: [(qualified_identifier) (template_type)] @bind.array
  declarator: [(array_declarator declarator: (field_identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @bind.target))])

; `Foo &owner_;`, `std::istream &is;`
(field_declaration
  type: (type_identifier) @bind.type
  declarator: (reference_declarator (field_identifier) @bind.target))

; A range-for variable has the type written (`for (const Foo &f : foos)`), or with `auto` holds
; each element of what it iterates over; a structured binding holds its place in each element
; (`for (auto &[key, value] : map)`). Of a primitive type, it is a plain local.
(for_range_loop
  type: [(type_identifier) (qualified_identifier) (template_type)] @bind.type
  declarator: [(identifier) @bind.target
               (reference_declarator (identifier) @bind.target)
               (pointer_declarator declarator: (identifier) @bind.target)])

(for_range_loop
  type: (placeholder_type_specifier)
  declarator: [(identifier) @bind.target
               (reference_declarator (identifier) @bind.target)
               (pointer_declarator declarator: (identifier) @bind.target)]
  right: (_) @bind.each)

(for_range_loop
  declarator: [(structured_binding_declarator (identifier) @bind.target) @bind.pattern
               (reference_declarator (structured_binding_declarator (identifier) @bind.target) @bind.pattern)]
  right: (_) @bind.each)

(for_range_loop
  declarator: [(identifier) @bind.target
               (reference_declarator (identifier) @bind.target)
               (pointer_declarator declarator: (identifier) @bind.target)])
