(class_declaration name: (identifier) @name.definition.class) @definition.class
(method_declaration name: (identifier) @name.definition.method) @definition.method
(method_invocation object: (_)? @receiver name: (identifier) @name.reference.call) @reference.call
