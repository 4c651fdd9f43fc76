(function_declaration name: (identifier) @name.definition.function) @definition.function
(method_declaration name: (field_identifier) @name.definition.method) @definition.method
(call_expression function: (identifier) @name.reference.call) @reference.call
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @name.reference.call)) @reference.call
