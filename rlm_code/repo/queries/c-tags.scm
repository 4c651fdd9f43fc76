; C tags for rlm-code; C++ inherits them. Derived from tree-sitter-c's queries/tags.scm: a
; function's definition is the whole function_definition (so its body encloses its calls),
; prototypes are not definitions, and includes, macros and typed bindings are added.
; Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(function_definition
  type: (_)? @returns
  declarator: [(function_declarator
                 declarator: (identifier) @name.definition.function)
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: (identifier) @name.definition.function))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator
                     declarator: (identifier) @name.definition.function)))]) @definition.function

; `struct Foo {...};` at the top or in a declaration. Inside a typedef the typedef's name is
; the struct's, below, so the struct is not defined twice.
([(translation_unit
   [(struct_specifier name: (type_identifier) @name.definition.struct body: (_)) @definition.struct
    (union_specifier name: (type_identifier) @name.definition.union body: (_)) @definition.union
    (enum_specifier name: (type_identifier) @name.definition.enum body: (_)) @definition.enum])
  (declaration
   type: [(struct_specifier name: (type_identifier) @name.definition.struct body: (_)) @definition.struct
          (union_specifier name: (type_identifier) @name.definition.union body: (_)) @definition.union
          (enum_specifier name: (type_identifier) @name.definition.enum body: (_)) @definition.enum])])

(type_definition
  type: (struct_specifier body: (_))
  declarator: (type_identifier) @name.definition.struct) @definition.struct

(type_definition
  type: (union_specifier body: (_))
  declarator: (type_identifier) @name.definition.union) @definition.union

(type_definition
  type: (enum_specifier body: (_))
  declarator: (type_identifier) @name.definition.enum) @definition.enum

; A type alias "returns" the type it stands for (`typedef Foo Bar;`).
(type_definition
  type: [(primitive_type) (type_identifier) (sized_type_specifier)] @returns
  declarator: (type_identifier) @name.definition.type) @definition.type

; A pointer alias stands for what it points to (`typedef struct Foo *FooPtr;`: `p->n` of a
; `FooPtr p` is a Foo's). Not beside a struct's body (`typedef struct Bar {...} Bar, *BarPtr;`),
; whose statement is the struct's definition.
(type_definition
  type: [(type_identifier) @returns
         (struct_specifier name: (type_identifier) @returns !body)
         (union_specifier name: (type_identifier) @returns !body)]
  declarator: (pointer_declarator declarator: (type_identifier) @name.definition.type)) @definition.type

; `#define MAX 10`; an include guard (`#define LIST_H`, no value) is not a constant.
(preproc_def
  name: (identifier) @name.definition.constant
  value: (_)) @definition.constant

(preproc_function_def
  name: (identifier) @name.definition.macro) @definition.macro

((translation_unit
  (declaration
    (type_qualifier) @_const
    declarator: (init_declarator
      declarator: (identifier) @name.definition.constant)) @definition.constant)
  (#eq? @_const "const"))

; ---- calls -------------------------------------------------------------------------------

(call_expression
  function: (identifier) @name.reference.call) @reference.call

; `obj.f()` and `obj->f()`: in C, a function pointer in a struct; in C++, a method.
(call_expression
  function: (field_expression
    argument: (_) @receiver
    field: (field_identifier) @name.reference.call)) @reference.call

; ---- other references: a function handed on as a pointer ------------------------------------

(argument_list
  [(identifier) @name.reference.ref
   (pointer_expression argument: (identifier) @name.reference.ref)]) @reference.ref

(initializer_pair
  value: (identifier) @name.reference.ref) @reference.ref

(init_declarator
  value: (identifier) @name.reference.ref) @reference.ref

(assignment_expression
  right: (identifier) @name.reference.ref) @reference.ref

; A type named in a declaration, a parameter or a field.
(declaration
  type: [(type_identifier) @name.reference.type
         (struct_specifier name: (type_identifier) @name.reference.type !body)]) @reference.type

(parameter_declaration
  type: [(type_identifier) @name.reference.type
         (struct_specifier name: (type_identifier) @name.reference.type !body)]) @reference.type

(field_declaration
  type: [(type_identifier) @name.reference.type
         (struct_specifier name: (type_identifier) @name.reference.type !body)]) @reference.type

; ---- includes ----------------------------------------------------------------------------

(preproc_include
  path: [(string_literal) (system_lib_string)] @import.module) @import

; ---- typed bindings, for resolving `p->f()` ----------------------------------------------

(parameter_declaration
  type: [(type_identifier) @bind.type
         (struct_specifier name: (type_identifier) @bind.type)]
  declarator: [(identifier) @bind.target
               (pointer_declarator declarator: (identifier) @bind.target)])

(declaration
  type: [(type_identifier) @bind.type
         (struct_specifier name: (type_identifier) @bind.type)]
  declarator: [(identifier) @bind.target
               (pointer_declarator declarator: (identifier) @bind.target)
               (init_declarator
                 declarator: [(identifier) @bind.target
                              (pointer_declarator declarator: (identifier) @bind.target)])])

; A struct's fields, in the struct's scope: `p->next->f()` follows the field's type.
(field_declaration
  type: [(type_identifier) @bind.type
         (struct_specifier name: (type_identifier) @bind.type)]
  declarator: [(field_identifier) @bind.target
               (pointer_declarator declarator: (field_identifier) @bind.target)])

; An array holds elements of its type: `Foo items[10];`, `struct Bar *bars[4] = {...};`, a
; parameter `Foo items[]`, a field.
(declaration
  type: [(type_identifier) @bind.array
         (struct_specifier name: (type_identifier) @bind.array)]
  declarator: [(array_declarator declarator: (identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (identifier) @bind.target))
               (init_declarator
                 declarator: [(array_declarator declarator: (identifier) @bind.target)
                              (pointer_declarator
                                declarator: (array_declarator declarator: (identifier) @bind.target))])])

(parameter_declaration
  type: [(type_identifier) @bind.array
         (struct_specifier name: (type_identifier) @bind.array)]
  declarator: [(array_declarator declarator: (identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (identifier) @bind.target))])

(field_declaration
  type: [(type_identifier) @bind.array
         (struct_specifier name: (type_identifier) @bind.array)]
  declarator: [(array_declarator declarator: (field_identifier) @bind.target)
               (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @bind.target))])

; Plain local names shadow outer definitions.
(parameter_declaration
  declarator: [(identifier) @bind.target
               (pointer_declarator declarator: (identifier) @bind.target)])

(declaration
  declarator: [(identifier) @bind.target
               (init_declarator declarator: (identifier) @bind.target)])
