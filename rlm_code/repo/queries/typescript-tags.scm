; inherits: ecma
; TypeScript tags for rlm-code: what differs from JavaScript. The shared patterns are in
; ecma-tags.scm; these come first, so a definition matched here keeps its return type.
; Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(function_declaration
  name: (identifier) @name.definition.function
  return_type: (type_annotation (_) @returns)) @definition.function

(class_body
  (method_definition
    name: [(property_identifier) (private_property_identifier)] @name.definition.method
    return_type: (type_annotation (_) @returns)) @definition.method)

(abstract_class_declaration
  name: (type_identifier) @name.definition.class) @definition.class

(interface_declaration
  name: (type_identifier) @name.definition.interface) @definition.interface

(enum_declaration
  name: (identifier) @name.definition.enum) @definition.enum

(type_alias_declaration
  name: (type_identifier) @name.definition.type) @definition.type

(internal_module
  name: (identifier) @name.definition.module) @definition.module

; A function declared without a body (an overload, or a declaration in a .d.ts) is a signature:
; where the file also implements it, the implementation stands for the name.
(function_signature
  name: (identifier) @name.definition.signature
  return_type: (type_annotation (_) @returns)?) @definition.signature

; In a class body a method signature is an overload (or a declaration in a .d.ts): where the
; class also implements the method, the implementation stands for the name.
(class_body
  (method_signature
    name: (property_identifier) @name.definition.signature
    return_type: (type_annotation (_) @returns)?) @definition.signature)

(method_signature
  name: (property_identifier) @name.definition.method
  return_type: (type_annotation (_) @returns)?) @definition.method

(abstract_method_signature
  name: (property_identifier) @name.definition.method
  return_type: (type_annotation (_) @returns)?) @definition.method

; A function held by a name keeps the return type written on it: zod's v3 `static create =
; (params?: RawCreateParams): ZodString => {...}`, `const parse = (x): Result => ...`.
(class_body
  (public_field_definition
    name: (property_identifier) @name.definition.method
    value: [(arrow_function return_type: (type_annotation (_) @returns))
            (function_expression return_type: (type_annotation (_) @returns))]) @definition.method)

(variable_declarator
  name: (identifier) @name.definition.function
  value: [(arrow_function return_type: (type_annotation (_) @returns))
          (function_expression return_type: (type_annotation (_) @returns))]) @definition.function

; A class field holding a function is a method: `handle = () => {}`.
(class_body
  (public_field_definition
    name: (property_identifier) @name.definition.method
    value: [(arrow_function) (function_expression)]) @definition.method)

; ---- class bases -------------------------------------------------------------------------

(_
  name: (type_identifier) @inherit.class
  (class_heritage
    (extends_clause
      value: (_) @inherit.base)))

(_
  name: (type_identifier) @inherit.class
  (class_heritage
    (implements_clause
      (_) @inherit.base)))

(interface_declaration
  name: (type_identifier) @inherit.class
  (extends_type_clause
    type: (_) @inherit.base))

; ---- type references ---------------------------------------------------------------------

(type_annotation
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)
   (nested_type_identifier
     module: (_) @receiver
     name: (type_identifier) @name.reference.type)]) @reference.type

; A type named inside another: `Partial<Observer<T>>`, `A | B`, `A & B`, `Observer[]`.
(type_arguments
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

(union_type
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

(intersection_type
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

(array_type
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

(extends_clause
  value: [(identifier) @name.reference.type
          (member_expression
            object: (_) @receiver
            property: (property_identifier) @name.reference.type)]) @reference.type

(implements_clause
  [(type_identifier) @name.reference.type
   (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

(extends_type_clause
  type: [(type_identifier) @name.reference.type
         (generic_type name: (type_identifier) @name.reference.type)]) @reference.type

; ---- imports -----------------------------------------------------------------------------

(import_statement
  (import_require_clause
    (identifier) @import.alias
    source: (string (string_fragment) @import.module))) @import

; ---- typed bindings ----------------------------------------------------------------------

(variable_declarator
  name: (identifier) @bind.target
  type: (type_annotation (_) @bind.type))

; As in JavaScript, `let self;` holds what is assigned to it later (javascript-tags.scm);
; `let self: Foo;` holds a Foo.
([(lexical_declaration
   kind: _ @bind.value
   (variable_declarator name: (identifier) @bind.target !value !type))
  (variable_declaration
   "var" @bind.value
   (variable_declarator name: (identifier) @bind.target !value !type))])

[(required_parameter
   pattern: (identifier) @bind.target
   type: (type_annotation (_) @bind.type))
 (optional_parameter
   pattern: (identifier) @bind.target
   type: (type_annotation (_) @bind.type))]

; A field's declared type, and constructor parameter properties (`private repo: Repo`).
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @bind.target
  type: (type_annotation (_) @bind.type))

(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @bind.target
  value: (new_expression
    constructor: [(identifier) (member_expression)] @bind.call))

[(required_parameter pattern: (identifier) @bind.target)
 (optional_parameter pattern: (identifier) @bind.target)]

; ---- `this` declared (rlm_code/repo/narrowing.py) -------------------------------------------
; A function's `this` parameter gives its `this` a type: `function (this: Subscriber<R>) {...}`
; (rxjs's lift). Its body is a region inside the function's own (ecma-tags.scm), so it wins.
(_
  parameters: (formal_parameters
    .
    (required_parameter
      pattern: (this)
      type: (type_annotation (_) @narrow.type)))
  body: (statement_block) @narrow)

; The first parameter of a callback an array's forEach, map, filter, ... is given takes each
; element, as in ecma-tags.scm, written with TypeScript's parameter nodes.
((call_expression
  function: (member_expression object: (_) @bind.each property: (property_identifier) @_each)
  arguments: (arguments
    .
    [(arrow_function parameters: (formal_parameters . (required_parameter pattern: (identifier) @bind.target !type)))
     (function_expression
       parameters: (formal_parameters . (required_parameter pattern: (identifier) @bind.target !type)))]))
  (#match? @_each "^(forEach|map|filter|find|findLast|findIndex|some|every|flatMap)$"))

; A callback's parameter written without a type takes the one the function it is passed to
; declares for it (rxjs's `operate((source, subscriber) => {...})`, whose `init` is typed
; `(liftedSource: Observable<T>, subscriber: Subscriber<R>) => ...`): what it is given.
(call_expression
  function: (_) @bind.given
  arguments: (arguments
    [(arrow_function parameter: (identifier) @bind.target)
     (arrow_function
       parameters: (formal_parameters (required_parameter pattern: (identifier) @bind.target !type)))
     (function_expression
       parameters: (formal_parameters (required_parameter pattern: (identifier) @bind.target !type)))] @bind.callback))

(new_expression
  constructor: (_) @bind.given
  arguments: (arguments
    [(arrow_function parameter: (identifier) @bind.target)
     (arrow_function
       parameters: (formal_parameters (required_parameter pattern: (identifier) @bind.target !type)))
     (function_expression
       parameters: (formal_parameters (required_parameter pattern: (identifier) @bind.target !type)))] @bind.callback))
