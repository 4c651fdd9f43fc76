; Go tags for rlm-code. Derived from tree-sitter-go's queries/tags.scm, extended with method
; receivers, struct and interface kinds, imports, embedding as bases and typed bindings.
; Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(function_declaration
  name: (identifier) @name.definition.function
  result: (_)? @returns) @definition.function

; `func (s *Server) Start()` is `Server.Start`.
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [(type_identifier) (pointer_type) (generic_type)] @receiver))
  name: (field_identifier) @name.definition.method
  result: (_)? @returns) @definition.method

(type_spec
  name: (type_identifier) @name.definition.struct
  type: (struct_type)) @definition.struct

(type_spec
  name: (type_identifier) @name.definition.interface
  type: (interface_type)) @definition.interface

(type_spec
  name: (type_identifier) @name.definition.type) @definition.type

(type_alias
  name: (type_identifier) @name.definition.type) @definition.type

(method_elem
  name: (field_identifier) @name.definition.method
  result: (_)? @returns) @definition.method

; A closure bound to a name is a nested function: `helper := func() {...}`.
(short_var_declaration
  left: (expression_list . (identifier) @name.definition.function .)
  right: (expression_list . (func_literal) .)) @definition.function

; `_` names nothing (logrus's `var ( _ StdLogger = &log.Logger{} )`).
(source_file
  (const_declaration
    (const_spec
      name: (identifier) @name.definition.constant) @definition.constant)
  (#not-eq? @name.definition.constant "_"))

(source_file
  (var_declaration
    [(var_spec name: (identifier) @name.definition.variable) @definition.variable
     (var_spec_list (var_spec name: (identifier) @name.definition.variable) @definition.variable)])
  (#not-eq? @name.definition.variable "_"))

; A spec's later names (`const A, B Level = 1, 2`, `var x, y Foo`) are definitions of their
; own, each spanning its name: the spec is the first name's. (A field name in a const_spec
; matches its first name only, so the later ones follow a comma.)
(source_file
  (const_declaration
    (const_spec "," (identifier) @name.definition.constant @definition.constant))
  (#not-eq? @name.definition.constant "_"))

(source_file
  (var_declaration
    [(var_spec "," (identifier) @name.definition.variable @definition.variable)
     (var_spec_list (var_spec "," (identifier) @name.definition.variable @definition.variable))])
  (#not-eq? @name.definition.variable "_"))

; ---- calls -------------------------------------------------------------------------------

(call_expression
  function: (identifier) @name.reference.call) @reference.call

(call_expression
  function: (selector_expression
    operand: (_) @receiver
    field: (field_identifier) @name.reference.call)) @reference.call

(call_expression
  function: (parenthesized_expression (identifier) @name.reference.call)) @reference.call

; ---- other references --------------------------------------------------------------------

(argument_list
  [(identifier) @name.reference.ref
   (selector_expression
     operand: (_) @receiver
     field: (field_identifier) @name.reference.ref)]) @reference.ref

; A function or value handed on in a composite literal (`Command{Run: runRoot}`, the value of
; a key, not the key), assigned (`hook = preExecHook`, `var f = pkg.F`) or returned.
(keyed_element
  (literal_element)
  (literal_element
    [(identifier) @name.reference.ref
     (selector_expression
       operand: (_) @receiver
       field: (field_identifier) @name.reference.ref)])) @reference.ref

(literal_value
  (literal_element
    [(identifier) @name.reference.ref
     (selector_expression
       operand: (_) @receiver
       field: (field_identifier) @name.reference.ref)])) @reference.ref

; (The left side of an assignment is a list too: a write to a package variable is a use.)
(expression_list
  [(identifier) @name.reference.ref
   (selector_expression
     operand: (_) @receiver
     field: (field_identifier) @name.reference.ref)]) @reference.ref

; A composite literal `Server{...}` builds a value of the type.
(composite_literal
  type: [(type_identifier) @name.reference.type
         (qualified_type
           package: (_) @receiver
           name: (type_identifier) @name.reference.type)]) @reference.type

; A type named in a parameter, a field or a variable.
(parameter_declaration
  type: [(type_identifier) @name.reference.type
         (pointer_type (type_identifier) @name.reference.type)
         (qualified_type
           package: (_) @receiver
           name: (type_identifier) @name.reference.type)
         (pointer_type
           (qualified_type
             package: (_) @receiver
             name: (type_identifier) @name.reference.type))]) @reference.type

(field_declaration
  type: [(type_identifier) @name.reference.type
         (pointer_type (type_identifier) @name.reference.type)
         (qualified_type
           package: (_) @receiver
           name: (type_identifier) @name.reference.type)
         (pointer_type
           (qualified_type
             package: (_) @receiver
             name: (type_identifier) @name.reference.type))]) @reference.type

(var_spec
  type: [(type_identifier) @name.reference.type
         (pointer_type (type_identifier) @name.reference.type)
         (qualified_type
           package: (_) @receiver
           name: (type_identifier) @name.reference.type)
         (pointer_type
           (qualified_type
             package: (_) @receiver
             name: (type_identifier) @name.reference.type))]) @reference.type

; ---- imports -----------------------------------------------------------------------------
; The alias is the package name the file uses, `.` for a dot import, `_` for a blank one.

(import_spec
  name: (_) @import.alias
  path: (interpreted_string_literal) @import.module) @import

(import_spec
  !name
  path: (interpreted_string_literal) @import.module) @import

; ---- embedding: an embedded type's methods are promoted, as a base class's are ---------------

(type_spec
  name: (type_identifier) @inherit.class
  type: (struct_type
    (field_declaration_list
      (field_declaration
        !name
        type: [(type_identifier) (qualified_type) (generic_type)] @inherit.base))))

(type_spec
  name: (type_identifier) @inherit.class
  type: (interface_type
    (type_elem
      [(type_identifier) (qualified_type)] @inherit.base)))

; ---- typed bindings, for resolving `x.Method()` ------------------------------------------

; A parameter of a function or a method, a named result and a method's receiver hold their
; types in its body. (A closure's parameters hold theirs only inside the closure: see below.)
; Each of them is a parameter_list child, the one kind those fields hold (type parameters are
; a type_parameter_list).
[(function_declaration (parameter_list (parameter_declaration name: (identifier) @bind.target type: (_) @bind.type)))
 (method_declaration (parameter_list (parameter_declaration name: (identifier) @bind.target type: (_) @bind.type)))]

(var_spec
  name: (identifier) @bind.target
  type: [(pointer_type (_) @bind.type) (type_identifier) @bind.type (qualified_type) @bind.type
         (generic_type) @bind.type (slice_type) @bind.type (array_type) @bind.type
         (map_type) @bind.type (channel_type) @bind.type])

; A typed constant holds its type, and in a block a spec with no type and no value repeats the
; last one before it that has either (logrus's `PanicLevel Level = iota`, then `TraceLevel`):
; `TraceLevel.String()` is Level's. A plain reference still names the constant. Every name of a
; spec is one (`none, stdOnly, subOnly uint8 = ...`): an identifier directly in a spec is a name.
(const_spec
  (identifier) @bind.target
  type: [(type_identifier) (qualified_type)] @bind.type)

(const_declaration
  (const_spec type: [(type_identifier) (qualified_type)] @bind.type)
  .
  [(comment) (const_spec !type !value)]*
  .
  (const_spec !type !value (identifier) @bind.target))

; A struct's fields, in the struct's scope: `s.store.Get()` follows the field's type.
(field_declaration
  name: (field_identifier) @bind.target
  type: [(pointer_type (_) @bind.type) (type_identifier) @bind.type (qualified_type) @bind.type
         (generic_type) @bind.type (slice_type) @bind.type (array_type) @bind.type
         (map_type) @bind.type (channel_type) @bind.type])

((short_var_declaration
  left: (expression_list . (identifier) @bind.target)
  right: (expression_list
    .
    (call_expression
      function: [(identifier) (selector_expression)] @bind.call) .))
  (#not-match? @bind.call "^(new|make)$"))

; `_, b := f()`: b holds f's second result (its place in @bind.pattern says which).
((short_var_declaration
  left: (expression_list . (_) (identifier) @bind.target) @bind.pattern
  right: (expression_list
    .
    (call_expression
      function: [(identifier) (selector_expression)] @bind.call) .))
  (#not-eq? @bind.call "new"))

; `x := new(Server)` is a `*Server`; `x := v.(*Server)` and `x, ok := v.(*Server)` too.
((short_var_declaration
  left: (expression_list . (identifier) @bind.target)
  right: (expression_list
    .
    (call_expression
      function: (identifier) @_new
      arguments: (argument_list . (_) @bind.type .)) .))
  (#eq? @_new "new"))

; `rs := make([]*Route, 0)` is a `[]*Route`.
((short_var_declaration
  left: (expression_list . (identifier) @bind.target)
  right: (expression_list
    .
    (call_expression
      function: (identifier) @_make
      arguments: (argument_list . (_) @bind.type)) .))
  (#eq? @_make "make"))

(short_var_declaration
  left: (expression_list . (identifier) @bind.target)
  right: (expression_list . (type_assertion_expression type: (_) @bind.type) .))

; `var buf = new(bytes.Buffer)` too (echo's tests).
((var_spec
  name: (identifier) @bind.target
  value: (expression_list
    .
    (call_expression
      function: (identifier) @_new
      arguments: (argument_list . (_) @bind.type .)) .))
  (#eq? @_new "new"))

; `node := r.tree` has the field's type; `s := srv` the other name's.
(short_var_declaration
  left: (expression_list . (identifier) @bind.target .)
  right: (expression_list . [(selector_expression) (identifier)] @bind.value .))

(short_var_declaration
  left: (expression_list . (identifier) @bind.target .)
  right: (expression_list
    .
    [(composite_literal type: (_) @bind.type)
     (unary_expression operand: (composite_literal type: (_) @bind.type))] .))

(var_spec
  name: (identifier) @bind.target
  value: (expression_list
    .
    [(composite_literal type: (_) @bind.type)
     (unary_expression operand: (composite_literal type: (_) @bind.type))] .))

((var_spec
  .
  (identifier) @bind.target
  value: (expression_list
    .
    (call_expression
      function: [(identifier) (selector_expression)] @bind.call) .))
  (#not-eq? @bind.call "new"))

; `var c, err = Dial()`: err holds Dial's second result, as with `:=` (its place among the
; spec's names says which).
((var_spec
  "," (identifier) @bind.target
  value: (expression_list
    .
    (call_expression
      function: [(identifier) (selector_expression)] @bind.call) .)) @bind.pattern
  (#not-eq? @bind.call "new"))

; A type switch's variable holds, in a case of one type, that type (rlm_code/repo/narrowing.py);
; in a case of several types, or the default case (a region without a type), the switched value's.
(type_switch_statement
  alias: (expression_list (identifier) @narrow.name)
  [(type_case . type: (_) @narrow.type . (statement_list)) (default_case)] @narrow)

; A closure's parameter holds its type inside the closure only (rlm_code/repo/narrowing.py):
; in echo's `c := e.pool.Get().(*context); h = func(c Context) error { c.Handler() }` each `c`
; has its own type. In the function around the closure, the parameter is a local that
; shadows the package's names and yields to the function's own bindings of the name.
; Its parameters and named results are its parameter_list children.
(func_literal
  (parameter_list (parameter_declaration name: (identifier) @narrow.name type: (_) @narrow.type))
  body: (block) @narrow)

(func_literal
  (parameter_list (parameter_declaration name: (identifier) @bind.param type: (_) @bind.type)))

(func_literal
  parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @bind.param)))

; A variadic parameter is a slice. The grammar has no node for `...Handler`, so the binding
; holds the whole declaration, `hs ...Handler` (rlm_code/repo/resolve/golang.py reads it).
[(function_declaration parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @bind.target) @bind.type))
 (method_declaration parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @bind.target) @bind.type))]

; `v := <-ch` and `v, ok := <-ch` receive the channel's element: the one place of its steps.
(short_var_declaration
  left: (expression_list . (identifier) @bind.target) @bind.pattern
  right: (expression_list . (unary_expression operator: "<-" operand: (_) @bind.each) .))

; Plain local names shadow outer definitions (a closure bound to a name is a definition).
((short_var_declaration
  left: (expression_list (identifier) @bind.target)
  right: (expression_list . (_) @_value))
  (#not-match? @_value "^func"))

(var_spec name: (identifier) @bind.target)

(range_clause
  left: (expression_list (identifier) @bind.target))

; A range variable holds its place in each step of what it ranges over: a slice's index and
; element, a map's key and value, a channel's element (`for _, r := range routes`).
(range_clause
  left: (expression_list (identifier) @bind.target) @bind.pattern
  right: (_) @bind.each)
