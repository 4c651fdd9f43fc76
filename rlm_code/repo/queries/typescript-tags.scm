; JavaScript tags for rlm-code (minimal; see README.md for capture names).
(class_declaration name: (type_identifier) @name.definition.class) @definition.class
(function_declaration name: (identifier) @name.definition.function) @definition.function
(method_definition name: (property_identifier) @name.definition.method) @definition.method
(call_expression function: (identifier) @name.reference.call) @reference.call
(call_expression function: (member_expression object: (_) @receiver property: (property_identifier) @name.reference.call)) @reference.call
