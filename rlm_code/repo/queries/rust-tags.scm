(function_item name: (identifier) @name.definition.function) @definition.function
(call_expression function: (identifier) @name.reference.call) @reference.call
