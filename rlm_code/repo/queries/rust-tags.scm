; Rust tags for rlm-code. Derived from tree-sitter-rust's queries/tags.scm, extended with impl
; blocks as scopes, `use` imports, trait impls as bases and typed bindings.
; Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(struct_item
  name: (type_identifier) @name.definition.struct) @definition.struct

(enum_item
  name: (type_identifier) @name.definition.enum) @definition.enum

(union_item
  name: (type_identifier) @name.definition.union) @definition.union

(trait_item
  name: (type_identifier) @name.definition.trait) @definition.trait

(type_item
  name: (type_identifier) @name.definition.type) @definition.type

; An inline `mod name { ... }`; `mod name;` only points at another file.
(mod_item
  name: (identifier) @name.definition.module
  body: (declaration_list)) @definition.module

(macro_definition
  name: (identifier) @name.definition.macro) @definition.macro

; A function in an impl or a trait becomes a method of it.
(function_item
  name: (identifier) @name.definition.function
  return_type: (_)? @returns) @definition.function

(function_signature_item
  name: (identifier) @name.definition.function
  return_type: (_)? @returns) @definition.function

(const_item
  name: (identifier) @name.definition.constant) @definition.constant

(static_item
  name: (identifier) @name.definition.constant) @definition.constant

; `impl Foo` and `impl Trait for Foo` name the scope `Foo` for what they define, and so does
; `impl Trait for &'a mut Foo<R>` (serde_json's `Deserializer`).
(impl_item
  type: [(type_identifier) @name.scope
         (generic_type type: (type_identifier) @name.scope)
         (scoped_type_identifier name: (type_identifier) @name.scope)
         (generic_type type: (scoped_type_identifier name: (type_identifier) @name.scope))
         (reference_type
           type: [(type_identifier) @name.scope
                  (generic_type type: (type_identifier) @name.scope)
                  (scoped_type_identifier name: (type_identifier) @name.scope)
                  (generic_type type: (scoped_type_identifier name: (type_identifier) @name.scope))])]) @scope

; ---- calls -------------------------------------------------------------------------------

(call_expression
  function: (identifier) @name.reference.call) @reference.call

(call_expression
  function: (field_expression
    value: (_) @receiver
    field: (field_identifier) @name.reference.call)) @reference.call

; `Foo::new()`, `Self::helper()`, `crate::a::f()`
(call_expression
  function: (scoped_identifier
    path: (_) @receiver
    name: (identifier) @name.reference.call)) @reference.call

(call_expression
  function: (generic_function
    function: [(identifier) @name.reference.call
               (scoped_identifier
                 path: (_) @receiver
                 name: (identifier) @name.reference.call)
               (field_expression
                 value: (_) @receiver
                 field: (field_identifier) @name.reference.call)])) @reference.call

(macro_invocation
  macro: (identifier) @name.reference.call) @reference.call

(macro_invocation
  macro: (scoped_identifier
    path: (_) @receiver
    name: (identifier) @name.reference.call)) @reference.call

; A macro's arguments are tokens, not expressions: `cmd.get_name()` in `assert!(...)` is a
; name, a dot, a name and a parenthesised group.
(token_tree
  [(identifier) (self)] @receiver
  .
  "."
  .
  (identifier) @name.reference.call
  .
  (token_tree . "(")) @reference.call

(token_tree
  (identifier) @name.reference.call
  .
  (token_tree . "(")) @reference.call

; ---- other references --------------------------------------------------------------------

(arguments
  [(identifier) @name.reference.ref
   (scoped_identifier
     path: (_) @receiver
     name: (identifier) @name.reference.ref)]) @reference.ref

; A struct literal `Foo { .. }` builds a value of the type.
(struct_expression
  name: [(type_identifier) @name.reference.type
         (scoped_type_identifier
           path: (_) @receiver
           name: (type_identifier) @name.reference.type)]) @reference.type

; A type named inside another (`Vec<ArgGroup>`, `Option<&ArgGroup>`), and a type whose
; associated function is called (`ArgGroup::new()`).
(type_arguments
  [(type_identifier) @name.reference.type
   (reference_type type: (type_identifier) @name.reference.type)
   (generic_type type: (type_identifier) @name.reference.type)]) @reference.type

(call_expression
  function: (scoped_identifier
    path: (identifier) @name.reference.type)) @reference.type

; A type named in a parameter, a field, a `let` or an impl's trait.
(parameter
  type: [(type_identifier) @name.reference.type
         (reference_type type: (type_identifier) @name.reference.type)
         (generic_type type: (type_identifier) @name.reference.type)
         (scoped_type_identifier
           path: (_) @receiver
           name: (type_identifier) @name.reference.type)]) @reference.type

(field_declaration
  type: [(type_identifier) @name.reference.type
         (reference_type type: (type_identifier) @name.reference.type)
         (generic_type type: (type_identifier) @name.reference.type)
         (scoped_type_identifier
           path: (_) @receiver
           name: (type_identifier) @name.reference.type)]) @reference.type

(let_declaration
  type: [(type_identifier) @name.reference.type
         (reference_type type: (type_identifier) @name.reference.type)
         (generic_type type: (type_identifier) @name.reference.type)
         (scoped_type_identifier
           path: (_) @receiver
           name: (type_identifier) @name.reference.type)]) @reference.type

(impl_item
  trait: [(type_identifier) @name.reference.type
          (scoped_type_identifier
            path: (_) @receiver
            name: (type_identifier) @name.reference.type)]) @reference.type

; ---- imports: one `use` binding each; the module is the path before the last `::` ----------

(use_declaration
  argument: (identifier) @import.module) @import

(use_declaration
  argument: (scoped_identifier
    path: (_) @import.module
    name: (identifier) @import.name)) @import

(use_declaration
  argument: (use_as_clause
    path: (scoped_identifier
      path: (_) @import.module
      name: (identifier) @import.name)
    alias: (identifier) @import.alias)) @import

(use_declaration
  argument: (use_as_clause
    path: (identifier) @import.module
    alias: (identifier) @import.alias)) @import

(use_declaration
  argument: (use_wildcard
    (_) @import.module
    "*" @import.name)) @import

; `use a::b::{self, c, d::e, f as g, h::*}`
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      [(identifier) (self) (scoped_identifier)] @import.name))) @import

(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      (use_as_clause
        path: (_) @import.name
        alias: (identifier) @import.alias)))) @import

(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      (use_wildcard) @import.name))) @import

; ---- bases: `impl Trait for Foo` gives Foo the trait's provided methods ----------------------

(impl_item
  trait: [(type_identifier) (scoped_type_identifier) (generic_type)] @inherit.base
  type: (_) @inherit.class)

; ---- typed bindings, for resolving `x.method()` ------------------------------------------

(parameter
  pattern: (identifier) @bind.target
  type: [(reference_type type: (dynamic_type trait: (_) @bind.type))
         (abstract_type trait: (_) @bind.type)
         (reference_type type: (array_type) @bind.type)
         (array_type) @bind.type
         (reference_type type: [(type_identifier) (generic_type) (scoped_type_identifier)] @bind.type)
         (type_identifier) @bind.type
         (generic_type) @bind.type
         (scoped_type_identifier) @bind.type])

; A struct's fields, in the struct's scope: `self.store.get()` follows the field's type.
(field_declaration
  name: (field_identifier) @bind.target
  type: [(reference_type type: [(type_identifier) (generic_type) (scoped_type_identifier)] @bind.type)
         (type_identifier) @bind.type
         (generic_type) @bind.type
         (scoped_type_identifier) @bind.type])

; A tuple struct's fields, named by their positions: `self.0` of `struct Regex(Exec)`.
(ordered_field_declaration_list
  type: [(reference_type type: [(type_identifier) (generic_type) (scoped_type_identifier)] @bind.type)
         (type_identifier) @bind.type
         (generic_type) @bind.type
         (scoped_type_identifier) @bind.type] @bind.position)

(let_declaration
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)]
  type: [(reference_type type: [(type_identifier) (generic_type) (scoped_type_identifier)] @bind.type)
         (type_identifier) @bind.type
         (generic_type) @bind.type
         (scoped_type_identifier) @bind.type])

(let_declaration
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)]
  value: (call_expression
    function: [(identifier) (scoped_identifier)] @bind.call))

(let_declaration
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)]
  value: (struct_expression
    name: (_) @bind.type))

; A loop variable holds each element of what the loop iterates over (`for x in &self.items`);
; one of a tuple pattern its place in each (`for (i, x) in xs.iter().enumerate()`).
(for_expression
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)]
  value: [(reference_expression value: (_) @bind.each)
          (identifier) @bind.each
          (field_expression) @bind.each
          (call_expression) @bind.each
          (scoped_identifier) @bind.each])

(for_expression
  pattern: (tuple_pattern (identifier) @bind.target) @bind.pattern
  value: [(reference_expression value: (_) @bind.each)
          (identifier) @bind.each
          (field_expression) @bind.each
          (call_expression) @bind.each
          (scoped_identifier) @bind.each])

; Plain local names shadow outer definitions.
(for_expression
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)])

(let_declaration
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)])

(parameter
  pattern: [(identifier) @bind.target (mut_pattern (identifier) @bind.target)])

; `xs.iter().map(|x| x.run())`, `opt.map(|x| ...)`: the parameter of a closure given to an
; iterator adapter (or an Option's) takes each element of what the adapter is called on; a
; tuple pattern its place in each (`m.iter().for_each(|(k, v)| v.run())`).
((call_expression
  function: (field_expression value: (_) @bind.each field: (field_identifier) @_adapter)
  arguments: (arguments
    .
    (closure_expression
      parameters: (closure_parameters . [(identifier) @bind.target
                                         (reference_pattern (identifier) @bind.target)] .)) .))
  (#match? @_adapter "^(map|for_each|filter|filter_map|flat_map|find|find_map|any|all|position|take_while|skip_while|map_while|inspect|max_by_key|min_by_key|partition|try_for_each|and_then|is_some_and)$"))

((call_expression
  function: (field_expression value: (_) @bind.each field: (field_identifier) @_adapter)
  arguments: (arguments
    .
    (closure_expression
      parameters: (closure_parameters
        .
        [(tuple_pattern (identifier) @bind.target) @bind.pattern
         (reference_pattern (tuple_pattern (identifier) @bind.target) @bind.pattern)] .)) .))
  (#match? @_adapter "^(map|for_each|filter|filter_map|flat_map|find|find_map|any|all|position|take_while|skip_while|map_while|inspect|max_by_key|min_by_key|partition|try_for_each)$"))

(closure_parameters
  (identifier) @bind.target)

; ---- anonymous functions (rlm_code/repo/anonymous.py) ---------------------------------------
; A closure binds its parameters and locals for itself: two closures of one function may each
; name a parameter `x` of another type, and one shadows a local of its name inside it only.
; Callers are still named after the function around it.
(closure_expression) @anonymous
