; Patterns shared by JavaScript, TypeScript and TSX (inherited by their own query files).
; Derived from tree-sitter-javascript's queries/tags.scm, extended with imports, exports,
; `new` as a call, receivers, and bindings. Capture names: rlm_code/repo/queries/README.md.

; ---- definitions -------------------------------------------------------------------------

(function_declaration
  name: (identifier) @name.definition.function) @definition.function

(generator_function_declaration
  name: (identifier) @name.definition.function) @definition.function

(class_declaration
  name: (_) @name.definition.class) @definition.class

(class
  name: (_) @name.definition.class) @definition.class

(class_body
  (method_definition
    name: [(property_identifier) (private_property_identifier)] @name.definition.method) @definition.method)

; `const f = () => {}`: the declarator is the definition, so its body nests inside it.
(variable_declarator
  name: (identifier) @name.definition.function
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; CommonJS `exports.f = function () {}` defines the module's `f`.
(assignment_expression
  left: (member_expression
    object: (identifier) @_exports
    property: (property_identifier) @name.definition.function)
  right: [(arrow_function) (function_expression)]
  (#eq? @_exports "exports")) @definition.function

; `Foo.prototype.bar = function () {}` defines the method `Foo.bar`.
(assignment_expression
  left: (member_expression) @name.definition.function
  right: [(arrow_function) (function_expression)]
  (#match? @name.definition.function "^[A-Za-z_$][A-Za-z0-9_$]*\\.prototype\\.[A-Za-z_$][A-Za-z0-9_$]*$")) @definition.function

; `this.greet = function () {}` in a constructor function defines its method `greet` (a
; method of the function's instances, as a prototype method is).
(assignment_expression
  left: (member_expression
    object: (this)
    property: (property_identifier) @name.definition.method)
  right: [(arrow_function) (function_expression)]) @definition.method

; `module.exports = function only() {}` defines `only`.
(assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @_exports)
  right: (function_expression name: (identifier) @name.definition.function) @definition.function
  (#eq? @_module "module")
  (#eq? @_exports "exports"))

; A named function passed as an argument: `forEach(list, function visit(item) {...})`.
(arguments
  (function_expression name: (identifier) @name.definition.function) @definition.function)

; `app.use = function use() {}` defines the method `app.use` of the object `app`.
(assignment_expression
  left: (member_expression) @name.definition.function
  right: [(arrow_function) (function_expression)]
  (#match? @name.definition.function "^[A-Za-z_$][A-Za-z0-9_$]*\\.[A-Za-z_$][A-Za-z0-9_$]*$")
  (#not-eq? @name.definition.function "module.exports")) @definition.function

; A chained assignment names one function twice: `res.set = res.header = function () {}`
; defines `res.set` as well as `res.header`. The body belongs to the inner name; the outer
; one spans only itself, so that neither nests inside the other.
(assignment_expression
  left: (member_expression) @name.definition.function @definition.function
  right: (assignment_expression
    right: [(arrow_function) (function_expression)])
  (#match? @name.definition.function "^[A-Za-z_$][A-Za-z0-9_$]*\\.[A-Za-z_$][A-Za-z0-9_$]*$"))

; An object literal's methods: `{ onerror(err) {}, inspect: function () {} }`.
(object
  (method_definition
    name: (property_identifier) @name.definition.method) @definition.method)

(object
  (pair
    key: (property_identifier) @name.definition.method
    value: [(arrow_function) (function_expression)]) @definition.method)

; Module-level constants, named in capitals as in Python.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name.definition.constant) @definition.constant)
  (#match? @name.definition.constant "^_*[A-Z][A-Z0-9_]*$"))

(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name.definition.constant) @definition.constant))
  (#match? @name.definition.constant "^_*[A-Z][A-Z0-9_]*$"))

; Other module-level variables, as in Python (a `require` is an import instead).
((program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name.definition.variable
      value: (_) @_value) @definition.variable))
  (#not-match? @name.definition.variable "^_*[A-Z][A-Z0-9_]*$")
  (#not-match? @_value "^require\\("))

((program
  (variable_declaration
    (variable_declarator
      name: (identifier) @name.definition.variable
      value: (_) @_value) @definition.variable))
  (#not-match? @_value "^require\\("))

((program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name.definition.variable) @definition.variable)))
  (#not-match? @name.definition.variable "^_*[A-Z][A-Z0-9_]*$"))

; ---- calls -------------------------------------------------------------------------------

((call_expression
  function: (identifier) @name.reference.call) @reference.call
  (#not-eq? @name.reference.call "require"))

; The receiver may be a new instance: `new Foo().m()`, `new Foo().make().ship()`.
(call_expression
  function: (member_expression
    object: (_) @receiver
    property: [(property_identifier) (private_property_identifier)] @name.reference.call)) @reference.call

; Compiled CommonJS (Babel, TypeScript, esbuild) calls an import as `(0, _x.f)(...)`, so
; that `f` does not run with `_x` as its `this`.
(call_expression
  function: (parenthesized_expression
    (sequence_expression
      .
      (number)
      .
      (member_expression
        object: (_) @receiver
        property: (property_identifier) @name.reference.call)
      .))) @reference.call

; `f.call(self, a)` and `f.apply(self, args)` call `f` with a `this` of the caller's choosing
; (axios's `dispatchRequest.call(this, config)`, `Parent.prototype.init.call(this)`).
((call_expression
  function: (member_expression
    object: (identifier) @name.reference.call
    property: (property_identifier) @_invoke)) @reference.call
  (#match? @_invoke "^(call|apply)$"))

((call_expression
  function: (member_expression
    object: (member_expression
      object: (_) @receiver
      property: [(property_identifier) (private_property_identifier)] @name.reference.call)
    property: (property_identifier) @_invoke)) @reference.call
  (#match? @_invoke "^(call|apply)$"))

; `new Foo()` calls the class.
(new_expression
  constructor: (identifier) @name.reference.call) @reference.call

(new_expression
  constructor: (member_expression
    object: (_) @receiver
    property: (property_identifier) @name.reference.call)) @reference.call

; ---- other references: a function handed on rather than called -----------------------------

(arguments
  [(identifier) @name.reference.ref
   (member_expression
     object: (_) @receiver
     property: (property_identifier) @name.reference.ref)]) @reference.ref

; `const stringType = ZodString.create` names a method that `stringType()` calls.
(variable_declarator
  value: [(identifier) @name.reference.ref
          (member_expression
            object: (_) @receiver
            property: (property_identifier) @name.reference.ref)]) @reference.ref

; Assigned, returned, or a property's value: `axios.mergeConfig = mergeConfig`, `return f`,
; `{ onClick: handler }`.
((assignment_expression
  left: (_) @_left
  right: (identifier) @name.reference.ref) @reference.ref
  (#not-eq? @_left "module.exports"))  ; an export, recorded with the imports

(return_statement
  (identifier) @name.reference.ref) @reference.ref

(pair
  value: (identifier) @name.reference.ref) @reference.ref

; ---- imports -----------------------------------------------------------------------------
; A default import has an alias and no name; a namespace import has the name `*`.

(import_statement
  (import_clause
    (identifier) @import.alias)
  source: (string (string_fragment) @import.module)) @import

(import_statement
  (import_clause
    (namespace_import "*" @import.name (identifier) @import.alias))
  source: (string (string_fragment) @import.module)) @import

(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (_) @import.name
        alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.module)) @import

; `import './polyfill'` imports for its effects only.
(import_statement
  .
  source: (string (string_fragment) @import.module)) @import

; CommonJS: `const x = require('./x')` and `const { a, b: c } = require('./x')`.
((variable_declarator
  name: (identifier) @import.alias
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))) @import
  (#eq? @_require "require"))

((variable_declarator
  name: (object_pattern
    (shorthand_property_identifier_pattern) @import.name)
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))) @import
  (#eq? @_require "require"))

((variable_declarator
  name: (object_pattern
    (pair_pattern
      key: (property_identifier) @import.name
      value: (identifier) @import.alias))
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))) @import
  (#eq? @_require "require"))

((variable_declarator
  name: (identifier) @import.alias
  value: (member_expression
    object: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string (string_fragment) @import.module) .))
    property: (property_identifier) @import.name)) @import
  (#eq? @_require "require"))

; Compiled CommonJS wraps a `require` in a helper that makes an ES module's namespace of
; what it gives: `const x = __importStar(require('./x'))`, `var _x =
; _interopRequireDefault(require('./x'))`. It is read as the `require`.
((variable_declarator
  name: (identifier) @import.alias
  value: (call_expression
    function: (identifier) @_interop
    arguments: (arguments
      .
      (call_expression
        function: (identifier) @_require
        arguments: (arguments . (string (string_fragment) @import.module) .))))) @import
  (#eq? @_require "require")
  (#match? @_interop "^(_interopRequireDefault|_interopRequireWildcard|__importDefault|__importStar|__toESM)$"))

; A bare `require('./polyfill')`, for its effects.
((expression_statement
  (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))) @import
  (#eq? @_require "require"))

; `module.exports = require('./lib/app')` re-exports what that module exports; so do
; `exports.y = require('./y')` and `exports.y = require('./x').f`, under the name `y`.
((assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @import.alias)
  right: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))) @import
  (#eq? @_module "module")
  (#eq? @import.alias "exports")
  (#eq? @_require "require"))

((assignment_expression
  left: (member_expression
    object: [(identifier) @_exports
             (member_expression object: (identifier) @_module property: (property_identifier) @_exports)]
    property: (property_identifier) @import.alias)
  right: [(call_expression
            function: (identifier) @_require
            arguments: (arguments . (string (string_fragment) @import.module) .))
          (member_expression
            object: (call_expression
              function: (identifier) @_require
              arguments: (arguments . (string (string_fragment) @import.module) .))
            property: (property_identifier) @import.name)]) @import
  (#eq? @_exports "exports")
  (#eq? @_require "require"))

; ---- exports, recorded as imports a module makes for its importers --------------------------
; `export { f } from './x'` and `export * from './x'` re-export; `export { a as b }` and
; `export default f` (module empty, alias `b` / `default`) name a definition of this file.

(export_statement
  (export_clause
    (export_specifier
      name: (_) @import.name
      alias: (_)? @import.alias))
  source: (string (string_fragment) @import.module)) @import

(export_statement
  "*" @import.name
  source: (string (string_fragment) @import.module)) @import

(export_statement
  (namespace_export "*" @import.name (_) @import.alias)
  source: (string (string_fragment) @import.module)) @import

(export_statement
  (export_clause
    (export_specifier
      name: (_) @import.name
      alias: (_) @import.alias))
  !source) @import

(export_statement
  "default" @import.alias
  declaration: [(function_declaration name: (identifier) @import.name)
                (generator_function_declaration name: (identifier) @import.name)
                (class_declaration name: (_) @import.name)]) @import

(export_statement
  "default" @import.alias
  value: (identifier) @import.name) @import

; CommonJS `module.exports = Layer` (or `= function only() {}`, or inside another assignment,
; `exports = module.exports = app`) makes it what `require` gives: recorded with the alias
; `exports`, which importers read as they read `default`.
((assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @import.alias)
  right: [(identifier) @import.name
          (function_expression name: (identifier) @import.name)
          (class name: (_) @import.name)]) @import
  (#eq? @_module "module")
  (#eq? @import.alias "exports"))

; ---- typed bindings, for resolving `x.method()` ------------------------------------------

(variable_declarator
  name: (identifier) @bind.target
  value: (new_expression
    constructor: [(identifier) (member_expression)] @bind.call))

((variable_declarator
  name: (identifier) @bind.target
  value: (call_expression
    function: [(identifier) (member_expression)] @bind.call))
  (#not-eq? @bind.call "require"))

(variable_declarator
  name: (identifier) @bind.target
  value: [(string) (template_string) (number) (array) (regex)] @bind.value)

(assignment_expression
  left: (member_expression
    object: (this)
    property: [(property_identifier) (private_property_identifier)]) @bind.target
  right: (new_expression
    constructor: [(identifier) (member_expression)] @bind.call))

; A name bound to another name: `var mime = send.mime` is whatever `send.mime` is, and
; `var self = this` what `this` is where it is written.
(variable_declarator
  name: (identifier) @bind.target
  value: [(identifier) (member_expression) (this)] @bind.value)

; What a function returns, for typing calls of one without a declared return type: zod's
; `negative() { return this._addCheck(...) }`, `_addCheck(c) { return new ZodNumber(...) }`;
; an arrow's expression body is what it returns.
(return_statement
  [(new_expression constructor: [(identifier) (member_expression)] @bind.call)
   (call_expression function: [(identifier) (member_expression)] @bind.call)
   [(identifier) (member_expression) (this)] @bind.value]) @bind.return

(arrow_function
  body: [(new_expression constructor: [(identifier) (member_expression)] @bind.call)
         (call_expression function: [(identifier) (member_expression)] @bind.call)] @bind.return)

; `return null` agrees with any other return; any other value makes the result unknown (a
; binding with no value, which the patterns above beat).
(return_statement [(null) (undefined)] @bind.value) @bind.return

(return_statement (_)) @bind.return

; A name declared without a value (`let self;`) is bound in javascript-tags.scm and
; typescript-tags.scm (only there may a declarator lack a type as well).

; Plain local names shadow outer definitions (a declarator holding a function is a
; definition instead). One pattern per kind of value: an alternation of thirteen under
; `value:` costs the query cursor a twelfth of its time on axios, each alternative waiting
; through the whole value.
(variable_declarator name: (identifier) @bind.target value: (identifier))
(variable_declarator name: (identifier) @bind.target value: (member_expression))
(variable_declarator name: (identifier) @bind.target value: (subscript_expression))
(variable_declarator name: (identifier) @bind.target value: (call_expression))
(variable_declarator name: (identifier) @bind.target value: (await_expression))
(variable_declarator name: (identifier) @bind.target value: (object))
(variable_declarator name: (identifier) @bind.target value: (binary_expression))
(variable_declarator name: (identifier) @bind.target value: (ternary_expression))
(variable_declarator name: (identifier) @bind.target value: (parenthesized_expression))
(variable_declarator name: (identifier) @bind.target value: (unary_expression))
(variable_declarator name: (identifier) @bind.target value: (true))
(variable_declarator name: (identifier) @bind.target value: (false))
(variable_declarator name: (identifier) @bind.target value: (null))

; A name a destructuring pattern binds is a local too, in a declaration, a parameter or a loop:
; `const { has: s } = er(t)` (vue's minified build), `({ hasOwnProperty }) => ...` (axios).
(shorthand_property_identifier_pattern) @bind.target

(pair_pattern
  value: [(identifier) @bind.target
          (assignment_pattern left: (identifier) @bind.target)])

(array_pattern
  [(identifier) @bind.target
   (assignment_pattern left: (identifier) @bind.target)])

([(object_pattern) (array_pattern)]
  (rest_pattern (identifier) @bind.target))

; An arrow's one parameter without brackets is a local of it (`n = e => {...}`, axios's
; minified toJSONObject), as a function expression's own name is of the function (axios's
; `merge: function e(...t) {... e(c, t) ...}` calls itself, not the module's `e`). Where the
; definition is named after the function (`forEach(list, function visit() {})`), it is not.
(arrow_function parameter: (identifier) @bind.target)

[(pair value: (function_expression name: (identifier) @bind.target))
 (variable_declarator value: (function_expression name: (identifier) @bind.target))]

; A name assigned again is bound again: after `let x = a; x = b`, `x` is `a` or `b`.
(assignment_expression
  left: (identifier) @bind.target
  right: (new_expression
    constructor: [(identifier) (member_expression)] @bind.call))

(assignment_expression
  left: (identifier) @bind.target
  right: [(identifier) (member_expression) (this)] @bind.value)

(assignment_expression
  left: (identifier) @bind.target)

(for_in_statement
  left: (identifier) @bind.target)

; `for (const node of nodes)` takes each element (`in` takes the keys, strings); so does the
; first parameter of a callback an array's forEach, map, filter, ... is given.
(for_in_statement
  left: (identifier) @bind.target
  "of"
  right: (_) @bind.each)

; (A parameter in brackets is written differently in each grammar: javascript-tags.scm and
; typescript-tags.scm.)
((call_expression
  function: (member_expression object: (_) @bind.each property: (property_identifier) @_each)
  arguments: (arguments . (arrow_function parameter: (identifier) @bind.target)))
  (#match? @_each "^(forEach|map|filter|find|findLast|findIndex|some|every|flatMap)$"))

; ---- `this` in a function of its own (rlm_code/repo/narrowing.py) ---------------------------
; An anonymous function passed as an argument (`list.forEach(function () { this.x() })`) runs
; with the `this` its caller gives it, not the one around it: there `this` reads as
; `this.(function)`, which the resolver takes for unknown. An arrow keeps the `this` around
; it, so it makes no region.
(arguments
  [(function_expression "function" @narrow.type)
   (generator_function "function" @narrow.type)] @narrow)

; Handed `this` after it (`list.forEach(function () {...}, this)`), it has the `this` around
; it: a second region on the same function leaves `this` as written.
(arguments
  [(function_expression) (generator_function)] @narrow
  .
  (this)
  .)

; Inside such a function a definition has its own `this`, as the resolver reads it (a class's
; method, `Foo.prototype.m = function () {}`): a region that leaves `this` as written.
[(method_definition) (function_declaration) (generator_function_declaration) (class_body)] @narrow

(variable_declarator
  value: [(function_expression) (generator_function)] @narrow)

(assignment_expression
  right: [(function_expression) (generator_function)] @narrow)

(pair
  value: [(function_expression) (generator_function)] @narrow)

; ---- anonymous functions (rlm_code/repo/anonymous.py) ---------------------------------------
; A function passed as an argument (`test('x', () => { const schema = ... })`), or called
; where it is written (an IIFE), binds its parameters and locals for itself: they shadow the
; names around it, inside it only. Callers are still named after the definition around it.
; (One pattern per kind of function, for speed as with a plain local name above.)
(arguments (arrow_function) @anonymous)
(arguments (function_expression) @anonymous)
(arguments (generator_function) @anonymous)

(call_expression
  function: (parenthesized_expression
    [(arrow_function) (function_expression) (generator_function)] @anonymous))

; ---- blocks (rlm_code/repo/blocks.py) -----------------------------------------------------
; `let` and `const` bind in the block they are written in: a block of a statement that
; declares one is a scope of its own, as a `catch (e)` clause and a `for (const x of xs)`
; loop are. Only those: blocks are many. A function's body is its function's scope; a bare
; `{ const x }` block is left to the scope around it, as a class declared in a block is
; (matching either cost a third of what the rest here costs the query cursor on axios).
(if_statement
  consequence: (statement_block (lexical_declaration)) @block)

(else_clause
  (statement_block (lexical_declaration)) @block)

[(for_statement body: (statement_block (lexical_declaration)) @block)
 (for_in_statement body: (statement_block (lexical_declaration)) @block)
 (while_statement body: (statement_block (lexical_declaration)) @block)
 (do_statement body: (statement_block (lexical_declaration)) @block)
 (labeled_statement body: (statement_block (lexical_declaration)) @block)
 (try_statement body: (statement_block (lexical_declaration)) @block)
 (finally_clause body: (statement_block (lexical_declaration)) @block)]

(switch_body
  [(switch_case body: (lexical_declaration))
   (switch_default body: (lexical_declaration))]) @block

[(catch_clause parameter: (_))
 (catch_clause body: (statement_block (lexical_declaration)))
 (for_statement initializer: (lexical_declaration))
 (for_in_statement kind: ["let" "const"])] @block

; A `catch (e)` parameter is a local of its clause.
(catch_clause parameter: (identifier) @bind.target)

; A `var`, or a name assigned, binds where the name is declared, beyond the blocks around it
; (`var` in the function; a function declared in a block stays, as before, a name of the
; function).
(variable_declaration (variable_declarator name: (_) @hoist))

(assignment_expression left: (_) @hoist)

(for_in_statement kind: "var" left: (_) @hoist)

(for_in_statement !kind left: (_) @hoist)
