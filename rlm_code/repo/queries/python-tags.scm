; Python tags for rlm-code. Derived from tree-sitter-python's queries/tags.scm, extended with
; imports, class bases, typed bindings and non-call references. Capture names are described in
; rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(class_definition
  name: (identifier) @name.definition.class) @definition.class

; An `@overload` stub declares a signature; the implementation after it stands for the name.
(decorated_definition
  (decorator
    [(identifier) @_decorator
     (attribute attribute: (identifier) @_decorator)])
  definition: (function_definition
    name: (identifier) @name.definition.signature
    return_type: (type)? @returns) @definition.signature
  (#eq? @_decorator "overload"))

; A property is read, not called: `obj.prop.x` is an attribute of what it returns.
(decorated_definition
  (decorator
    [(identifier) @_decorator
     (attribute attribute: (identifier) @_decorator)])
  definition: (function_definition
    name: (identifier) @name.definition.property
    return_type: (type)? @returns) @definition.property
  (#any-of? @_decorator "property" "cached_property" "setter"))

(function_definition
  name: (identifier) @name.definition.function
  return_type: (type)? @returns) @definition.function

(module
  (expression_statement
    (assignment
      left: (identifier) @name.definition.constant) @definition.constant)
  (#match? @name.definition.constant "^_*[A-Z][A-Z0-9_]*$"))

(module
  (expression_statement
    (assignment
      left: (identifier) @name.definition.variable) @definition.variable)
  (#not-match? @name.definition.variable "^_*[A-Z][A-Z0-9_]*$"))

; A class attribute: `request_class = Request`, an enum member, a dataclass or model field.
(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @name.definition.field) @definition.field)))

; ---- calls -------------------------------------------------------------------------------

(call
  function: (identifier) @name.reference.call) @reference.call

(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @name.reference.call)) @reference.call

; A bare decorator is called with the function it decorates.
(decorator
  (identifier) @name.reference.call) @reference.call

(decorator
  (attribute
    object: (_) @receiver
    attribute: (identifier) @name.reference.call)) @reference.call

; ---- other references: a name handed on rather than called ---------------------------------

(argument_list
  [(identifier) @name.reference.ref
   (attribute object: (_) @receiver attribute: (identifier) @name.reference.ref)]) @reference.ref

(keyword_argument
  value: [(identifier) @name.reference.ref
          (attribute object: (_) @receiver attribute: (identifier) @name.reference.ref)]) @reference.ref

(assignment
  right: [(identifier) @name.reference.ref
          (attribute object: (_) @receiver attribute: (identifier) @name.reference.ref)]) @reference.ref

(return_statement
  [(identifier) @name.reference.ref
   (attribute object: (_) @receiver attribute: (identifier) @name.reference.ref)]) @reference.ref

(type
  [(identifier) @name.reference.type
   (attribute object: (_) @receiver attribute: (identifier) @name.reference.type)]) @reference.type

; ---- imports -----------------------------------------------------------------------------

(import_statement
  name: (dotted_name) @import.module) @import

(import_statement
  name: (aliased_import
    name: (dotted_name) @import.module
    alias: (identifier) @import.alias)) @import

(import_from_statement
  module_name: (_) @import.module
  name: (dotted_name) @import.name) @import

(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import
    name: (dotted_name) @import.name
    alias: (identifier) @import.alias)) @import

(import_from_statement
  module_name: (_) @import.module
  (wildcard_import) @import.name) @import

; ---- class bases -------------------------------------------------------------------------

(class_definition
  name: (identifier) @inherit.class
  superclasses: (argument_list
    [(identifier) (attribute)] @inherit.base))

; A generic base is its class: `class Prompt(PromptBase[str])` inherits from PromptBase.
(class_definition
  name: (identifier) @inherit.class
  superclasses: (argument_list
    (subscript value: [(identifier) (attribute)] @inherit.base)))

; ---- typed bindings, for resolving `x.method()` ------------------------------------------

(assignment
  left: [(identifier) (attribute)] @bind.target
  right: (call
    function: [(identifier) (attribute)] @bind.call))

(assignment
  left: [(identifier) (attribute)] @bind.target
  type: (type) @bind.type)

; A literal value: `x = {}` makes `x.get()` a dict method, not a repository one. One pattern per
; kind of literal: an alternation of twelve under `right:` costs the query cursor a fifth of
; its time on Django, each alternative waiting through the whole value.
(assignment left: [(identifier) (attribute)] @bind.target right: (dictionary) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (list) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (set) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (tuple) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (string) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (concatenated_string) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (integer) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (float) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (dictionary_comprehension) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (list_comprehension) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (set_comprehension) @bind.value)
(assignment left: [(identifier) (attribute)] @bind.target right: (none) @bind.value)

(typed_parameter
  (identifier) @bind.target
  type: (type) @bind.type)

(typed_default_parameter
  name: (identifier) @bind.target
  type: (type) @bind.type)

(with_item
  value: (as_pattern
    (call
      function: [(identifier) (attribute)] @bind.with)
    alias: (as_pattern_target
      (identifier) @bind.target)))

; A name bound to another name: `handler = views.index`, `storage_class = FileSystemStorage`.
(assignment
  left: [(identifier) (attribute)] @bind.target
  right: [(identifier) (attribute)] @bind.value)

; What a function returns, for typing calls of functions without a return annotation.
(return_statement
  (call
    function: [(identifier) (attribute)] @bind.call)) @bind.return

(return_statement
  [(identifier) (attribute)] @bind.value) @bind.return

; A returned literal: `return None` agrees with any other return, `return []` is a builtin value.
; One pattern per kind, for speed as with an assigned literal above.
(return_statement (none) @bind.value) @bind.return
(return_statement (true) @bind.value) @bind.return
(return_statement (false) @bind.value) @bind.return
(return_statement (string) @bind.value) @bind.return
(return_statement (concatenated_string) @bind.value) @bind.return
(return_statement (integer) @bind.value) @bind.return
(return_statement (float) @bind.value) @bind.return
(return_statement (dictionary) @bind.value) @bind.return
(return_statement (list) @bind.value) @bind.return
(return_statement (set) @bind.value) @bind.return
(return_statement (tuple) @bind.value) @bind.return
(return_statement (dictionary_comprehension) @bind.value) @bind.return
(return_statement (list_comprehension) @bind.value) @bind.return
(return_statement (set_comprehension) @bind.value) @bind.return

; An item (`self.open_tags[-1]`) evaluates as a receiver does.
(return_statement
  (subscript) @bind.value) @bind.return

; Any other returned expression (`a or b`, `x if c else y`) cannot be typed, but is a return all
; the same: a method that returns `self` on one path and `a or b` on another is not known.
(return_statement
  (_)) @bind.return

; What a generator yields: a pytest fixture's value, and the target of `with` over a
; `@contextmanager` function. `yield from` hands on another's items, and any other yield
; (`x = yield`, a bare `yield`) cannot be typed.
(expression_statement
  (yield
    (call
      function: [(identifier) (attribute)] @bind.call)) @bind.yield
  (#not-match? @bind.yield "^yield\\s+from\\b"))

(expression_statement
  (yield
    [(identifier) (attribute)] @bind.value) @bind.yield
  (#not-match? @bind.yield "^yield\\s+from\\b"))

(yield) @bind.yield

; A loop variable holds each element of what it iterates over; one of several holds that part
; of each element (`for key, value in d.items()`). A comprehension's variable does too, but
; lives only inside the comprehension (`@bind.comprehension`).
(for_statement left: (identifier) @bind.target right: (_) @bind.each)
(for_in_clause left: (identifier) @bind.target right: (_) @bind.comprehension)

(for_statement
  left: [(pattern_list (identifier) @bind.target) (tuple_pattern (identifier) @bind.target)] @bind.pattern
  right: (_) @bind.each)
(for_in_clause
  left: [(pattern_list (identifier) @bind.target) (tuple_pattern (identifier) @bind.target)] @bind.pattern
  right: (_) @bind.comprehension)

; Untyped parameters: unknown, except that in tests a parameter can name a pytest fixture.
(parameters
  [(identifier) @bind.param
   (default_parameter name: (identifier) @bind.param)])

; Plain local names (star parameters, assignments, loop variables) shadow outer definitions.
(parameters
  [(list_splat_pattern (identifier) @bind.target)
   (dictionary_splat_pattern (identifier) @bind.target)])

(assignment
  left: [(identifier) @bind.target
         (pattern_list (identifier) @bind.target)
         (tuple_pattern (identifier) @bind.target)])

(for_statement
  left: [(identifier) @bind.target
         (pattern_list (identifier) @bind.target)
         (tuple_pattern (identifier) @bind.target)])
