; JSX patterns shared by JavaScript and TSX (inherited by their own query files).
; Rendering `<Button />` calls the component `Button`; lower-case tags are HTML elements.

((jsx_opening_element
  name: (identifier) @name.reference.call) @reference.call
  (#match? @name.reference.call "^[A-Z]"))

((jsx_self_closing_element
  name: (identifier) @name.reference.call) @reference.call
  (#match? @name.reference.call "^[A-Z]"))

(jsx_opening_element
  name: (member_expression
    object: (_) @receiver
    property: (property_identifier) @name.reference.call)) @reference.call

(jsx_self_closing_element
  name: (member_expression
    object: (_) @receiver
    property: (property_identifier) @name.reference.call)) @reference.call

; `onClick={handle}` hands a function on.
(jsx_expression
  [(identifier) @name.reference.ref
   (member_expression
     object: (_) @receiver
     property: (property_identifier) @name.reference.ref)]) @reference.ref
