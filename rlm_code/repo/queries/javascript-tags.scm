; inherits: ecma, jsx
; JavaScript tags for rlm-code: what differs from TypeScript. The shared patterns are in
; ecma-tags.scm and jsx-tags.scm. Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

; A class field holding a function is a method: `handle = () => {}`.
(class_body
  (field_definition
    property: (property_identifier) @name.definition.method
    value: [(arrow_function) (function_expression)]) @definition.method)

; ---- class bases -------------------------------------------------------------------------

(class_declaration
  name: (identifier) @inherit.class
  (class_heritage
    [(identifier) (member_expression)] @inherit.base))

(class_heritage
  [(identifier) @name.reference.ref
   (member_expression
     object: (_) @receiver
     property: (property_identifier) @name.reference.ref)]) @reference.ref

; ---- bindings ----------------------------------------------------------------------------

(formal_parameters
  [(identifier) @bind.target
   (assignment_pattern left: (identifier) @bind.target)
   (rest_pattern (identifier) @bind.target)])

; A name declared without a value (`let self;`) holds what is assigned to it later
; (`self = this`): the binding's value is the keyword, which the resolver reads as such.
([(lexical_declaration
   kind: _ @bind.value
   (variable_declarator name: (identifier) @bind.target !value))
  (variable_declaration
   "var" @bind.value
   (variable_declarator name: (identifier) @bind.target !value))])

; The first parameter of a callback an array's forEach, map, filter, ... is given takes each
; element (see ecma-tags.scm), in brackets.
((call_expression
  function: (member_expression object: (_) @bind.each property: (property_identifier) @_each)
  arguments: (arguments
    .
    [(arrow_function parameters: (formal_parameters . (identifier) @bind.target))
     (function_expression parameters: (formal_parameters . (identifier) @bind.target))]))
  (#match? @_each "^(forEach|map|filter|find|findLast|findIndex|some|every|flatMap)$"))

; ---- JSDoc (rlm_code/repo/jsdoc.py) -------------------------------------------------------
; A `/** ... */` comment just before a statement may give the types of the parameters of the
; function it defines, and what that function returns: `@param {Option} option`.
((comment) @doc
  .
  (_) @doc.next
  (#match? @doc "^/\\*\\*"))
