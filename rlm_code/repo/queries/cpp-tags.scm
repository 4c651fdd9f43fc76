(function_definition declarator: (function_declarator declarator: (identifier) @name.definition.function)) @definition.function
(call_expression function: (identifier) @name.reference.call) @reference.call
