// What the TypeScript compiler says every call in a project is bound to.
//
// Run by typescript.py as `node typescript_calls.mjs REQUEST.json OUTPUT.json`. REQUEST names
// the project root, its source files (repo-relative), the folder holding the pinned
// `typescript` and `@types/node` (`toolchain`, a folder with node_modules/) and the project's
// own module-resolution settings (`conditions`, `paths`). OUTPUT receives
// {"declarations": [...], "calls": [...]} in the shape of benchmarks/oracles/__init__.py:
// positions are [path, line, column] of names, 1-based, columns in code points.
//
// A call is bound to the declaration `checker.getResolvedSignature` picks (overload
// signatures are folded into their implementation, the declaration rlm-code names). A
// declaration in the project's files is `callee`; one in the default library, @types/node or
// a node_modules package is `outside`; everything else is unknown (callee null, outside
// false): an `any` or unresolved callee, a union whose members bind to different
// declarations, a call through a function *type* declared in the project (the value that
// runs is not known statically), or a .d.ts inside the project (it describes code the
// compiler does not read).
//
// Calls are CallExpression, NewExpression, tagged templates and bare decorators, at the called
// name; `f.call(...)`/`f.apply(...)` is also a call of `f` at `f`. A class with no constructor
// of its own declares an implicit one at its name, which `new C()` binds to. The binding is the
// checker's: it follows the callee's type, so `let g = f; g = h; g()` binds to `f`.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [requestPath, outputPath] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const ts = createRequire(path.join(request.toolchain, "package.json"))("typescript");

const root = path.resolve(request.root);
const toolchain = path.resolve(request.toolchain);
const projectFiles = new Map(request.files.map((rel) => [path.join(root, rel), rel]));

const FUNCTION_LIKE = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
]);

// Signatures that belong to a type rather than to a function: calling through one runs
// whatever value has that type.
const TYPE_LEVEL = new Set([
  ts.SyntaxKind.FunctionType,
  ts.SyntaxKind.ConstructorType,
  ts.SyntaxKind.CallSignature,
  ts.SyntaxKind.ConstructSignature,
  ts.SyntaxKind.JSDocFunctionType,
  ts.SyntaxKind.JSDocSignature,
  ts.SyntaxKind.IndexSignature,
]);

/** The compiler options: the project's own resolution settings on top of fixed ones, so that
 * every project is read the same way whatever its tsconfig says about emitting. */
function compilerOptions() {
  const options = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.esnext.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    typeRoots: [path.join(toolchain, "node_modules", "@types")],
    customConditions: request.conditions ?? [],
  };
  if (request.paths) {
    options.baseUrl = root;
    options.paths = request.paths;
  }
  return options;
}

/** A compiler host whose module resolution never leaves the project and the toolchain, so a
 * node_modules folder that happens to sit above the cache cannot change the answers. */
function confinedHost(options) {
  const host = ts.createCompilerHost(options, true);
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const allowed = (file) => file.startsWith(root + path.sep) || file.startsWith(toolchain + path.sep);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, containingSource) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSource, literal, opts);
      const found = ts.resolveModuleName(literal.text, containingFile, opts, host, cache, redirected, mode);
      return found.resolvedModule && allowed(found.resolvedModule.resolvedFileName)
        ? found
        : { resolvedModule: undefined };
    });
  return host;
}

const options = compilerOptions();
const program = ts.createProgram([...projectFiles.keys()], options, confinedHost(options));
const checker = program.getTypeChecker();

/** [path, line, column] of `offset` in `sf`, the column counted in code points. */
function positionAt(sf, offset) {
  const { line } = sf.getLineAndCharacterOfPosition(offset);
  const before = sf.text.slice(sf.getLineStarts()[line], offset);
  return [projectFiles.get(path.resolve(sf.fileName)), line + 1, [...before].length + 1];
}

/** Where a name node's text starts: inside the quotes of a string-literal name. */
function nameOffset(node) {
  const start = node.getStart();
  return ts.isStringLiteralLike(node) ? start + 1 : start;
}

function nameText(node) {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteralLike(node)) {
    return node.text;
  }
  return node.getText();
}

/** The node a function expression or arrow is named by, the way rlm-code names it: the
 * variable, class field, object property or assigned member it is the value of. */
function contextName(fn) {
  let node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    parent.initializer === node
  ) {
    return ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name) || ts.isStringLiteral(parent.name)
      ? parent.name
      : undefined;
  }
  if (ts.isBinaryExpression(parent) && parent.right === node && declaresProperty(parent)) return parent.left.name;
  return fn.name;
}

/** Whether `a.b = value` declares `b` for the compiler (a JavaScript expando, an
 * `exports.b`, a `C.prototype.b`) rather than assigning a member some type declares: only
 * then is the function named by the assignment. */
function declaresProperty(assignment) {
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = assignment.left;
  if (!ts.isPropertyAccessExpression(target)) return false;
  const symbol = checker.getSymbolAtLocation(target.name);
  return (symbol?.declarations ?? []).includes(target);
}

/** The name node a function-like declaration is known by, or undefined when it has none. */
function declarationName(node) {
  if (ts.isConstructorDeclaration(node)) {
    return node.getChildren().find((child) => child.kind === ts.SyntaxKind.ConstructorKeyword);
  }
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return contextName(node);
  if (!node.name || ts.isComputedPropertyName(node.name)) return undefined;
  return node.name;
}

function declarationKind(node) {
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isFunctionDeclaration(node)) return "function";
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) return "method";
  let outer = node;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  if (ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) return "method";
  if (ts.isBinaryExpression(parent) && parent.right === outer && declaresProperty(parent)) {
    const owner = parent.left.expression;
    const isPrototype = ts.isPropertyAccessExpression(owner) && owner.name.text === "prototype";
    return isPrototype || owner.kind === ts.SyntaxKind.ThisKeyword ? "method" : "function";
  }
  return "function";
}

/** The declaration that stands for all of `node`'s overloads: the one with a body, else the
 * first (an abstract or interface method). Function expressions are never overloaded. */
function canonical(node) {
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return node;
  const symbol = node.symbol;
  const siblings = (symbol?.declarations ?? []).filter((d) => d.kind === node.kind && d.parent === node.parent);
  return siblings.find((d) => d.body) ?? siblings[0] ?? node;
}

/** Where a bound declaration is: its name, or its own start when it has no name (an
 * anonymous function: a real binding, but to no declaration anyone can ask about). */
function declarationPosition(node) {
  const sf = node.getSourceFile();
  const name = ts.isClassLike(node) ? node.name : declarationName(node);
  return positionAt(sf, name ? nameOffset(name) : node.getStart());
}

/** "project", "outside" or "unknown" for the file a declaration is in. */
function placeOf(node) {
  const sf = node.getSourceFile();
  const file = path.resolve(sf.fileName);
  if (projectFiles.has(file)) return "project";
  if (program.isSourceFileDefaultLibrary(sf) || program.isSourceFileFromExternalLibrary(sf)) return "outside";
  if (file.split(path.sep).includes("node_modules")) return "outside";
  return "unknown";
}

const UNKNOWN = { callee: null, outside: false };

/** The binding of one call from the declarations it may run (one unless the receiver is a
 * union): a single project declaration, or outside when every candidate is outside. */
function bindingOf(candidates) {
  const unique = [...new Set(candidates.map((d) => (FUNCTION_LIKE.has(d.kind) ? canonical(d) : d)))];
  if (unique.length === 0) return UNKNOWN;
  const places = unique.map(placeOf);
  if (places.every((place) => place === "outside")) return { callee: null, outside: true };
  if (unique.length > 1 || places[0] !== "project") return UNKNOWN;
  const only = unique[0];
  if (TYPE_LEVEL.has(only.kind)) return UNKNOWN;
  if (!FUNCTION_LIKE.has(only.kind) && !ts.isClassLike(only)) return UNKNOWN;
  return { callee: declarationPosition(only), outside: false };
}

/** A const variable initialised with a function: calling it runs that function even when
 * the variable's declared type hides it behind a function type. */
function constFunction(symbol) {
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  let init = decl.initializer;
  while (ts.isParenthesizedExpression(init)) init = init.expression;
  return ts.isFunctionExpression(init) || ts.isArrowFunction(init) ? init : undefined;
}

function resolvedSymbol(nameNode) {
  let symbol = nameNode && checker.getSymbolAtLocation(nameNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

/** What the compiler binds `call` (whose called name is `nameNode`) to. */
function bindCall(call, nameNode) {
  let signature;
  try {
    signature = checker.getResolvedSignature(call);
  } catch {
    return UNKNOWN;
  }
  const parts = signature?.compositeSignatures ?? (signature ? [signature] : []);
  const declarations = parts.map((part) => part.declaration);
  if (declarations.length > 0 && declarations.every(Boolean)) {
    const binding = bindingOf(declarations);
    const typeLevel = binding === UNKNOWN && declarations.length === 1 && TYPE_LEVEL.has(declarations[0].kind);
    const fn = typeLevel ? constFunction(resolvedSymbol(nameNode)) : undefined;
    return fn ? bindingOf([fn]) : binding;
  }
  // No declaration behind the signature: a class without a constructor of its own anywhere
  // up its chain binds to the class; anything else (any, unresolved) stays unknown.
  const symbol = resolvedSymbol(nameNode);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return UNKNOWN;
  return bindingOf((symbol.declarations ?? []).filter(ts.isClassLike));
}

/** The called name of a call-like node: `b` in `a.b()`, `f` in `f()`, `Foo` in `new Foo()`,
 * `super` in `super()`; undefined when the callee is an expression with no name. */
function calledName(node) {
  return nameOfCallee(ts.isTaggedTemplateExpression(node) ? node.tag : node.expression);
}

function nameOfCallee(expression) {
  let callee = expression;
  while (
    ts.isParenthesizedExpression(callee) ||
    ts.isNonNullExpression(callee) ||
    ts.isAsExpression(callee) ||
    ts.isTypeAssertionExpression(callee) ||
    ts.isSatisfiesExpression(callee)
  ) {
    callee = callee.expression;
  }
  if (ts.isIdentifier(callee) || callee.kind === ts.SyntaxKind.SuperKeyword) return callee;
  if (ts.isPropertyAccessExpression(callee)) return callee.name;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    return callee.argumentExpression;
  }
  return undefined;
}

const FUNCTION_INTERFACES = new Set(["Function", "CallableFunction", "NewableFunction"]);

/** `f.call(thisArg, ...)` and `f.apply(thisArg, args)` run `f`: when the compiler binds
 * `call`/`apply` to the library's Function members, `f` is called there too, bound to what
 * `f`'s own type's call signatures declare. */
function indirectCallFacts(node, name) {
  const member = name.parent;
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(member) || member.name !== name) return undefined;
  if (name.text !== "call" && name.text !== "apply") return undefined;
  const declaration = checker.getResolvedSignature(node)?.declaration;
  const owner = declaration?.parent;
  const ownerName = owner && ts.isInterfaceDeclaration(owner) ? owner.name.text : undefined;
  if (!FUNCTION_INTERFACES.has(ownerName) || placeOf(declaration) !== "outside") return undefined;
  const receiver = nameOfCallee(member.expression);
  if (!receiver || receiver.kind === ts.SyntaxKind.SuperKeyword) return undefined;
  const signatures = checker.getTypeAtLocation(member.expression).getCallSignatures();
  const declarations = signatures.map((signature) => signature.declaration);
  const binding = declarations.every(Boolean) ? bindingOf(declarations) : UNKNOWN;
  const [file, line, column] = positionAt(node.getSourceFile(), nameOffset(receiver));
  return { path: file, line, column, name: nameText(receiver), ...binding };
}

function isCall(node) {
  if (ts.isCallExpression(node)) return node.expression.kind !== ts.SyntaxKind.ImportKeyword;
  if (ts.isDecorator(node)) return !ts.isCallExpression(node.expression);
  return ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node);
}

/** The project declarations a class or interface member overrides or implements, through
 * every base class, extended interface and implemented interface (nearest first). */
function overridesOf(node, seen = new Set()) {
  const owner = node.parent;
  const name = node.symbol?.escapedName;
  const isStatic = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  if (!name || isStatic || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) || !owner.symbol) return [];
  const ownerType = checker.getDeclaredTypeOfSymbol(owner.symbol);
  const bases = [...(checker.getBaseTypes(ownerType) ?? [])];
  for (const clause of owner.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ImplementsKeyword) bases.push(...clause.types.map((t) => checker.getTypeAtLocation(t)));
  }
  const found = [];
  for (const base of bases) {
    const member = checker.getPropertyOfType(base, ts.unescapeLeadingUnderscores(name));
    for (const decl of member?.declarations ?? []) {
      const target = memberFunction(decl);
      if (!target || seen.has(target) || placeOf(target) !== "project") continue;
      seen.add(target);
      found.push(declarationPosition(target), ...overridesOf(target, seen));
    }
  }
  return found;
}

/** The function a class or interface member declaration stands for: a method (its canonical
 * overload) or a class field initialised with a function. */
function memberFunction(decl) {
  if (ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) return canonical(decl);
  if (ts.isPropertyDeclaration(decl) && decl.initializer) {
    const init = decl.initializer;
    if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) return init;
  }
  return undefined;
}

function overridesOfDeclaration(node) {
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) return overridesOf(node);
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyDeclaration(node.parent)) {
    return overridesOf(node.parent);
  }
  return [];
}

/** A class with no constructor of its own is still called by `new C()`: its implicit
 * constructor is declared at the class's name. */
function implicitConstructor(node) {
  if (!ts.isClassLike(node) || !node.name || node.members.some(ts.isConstructorDeclaration)) return undefined;
  const [file, line, column] = positionAt(node.getSourceFile(), nameOffset(node.name));
  return { path: file, line, column, name: node.name.text, kind: "constructor", overrides: [] };
}

function declarationFacts(node) {
  if (ts.isClassLike(node)) return implicitConstructor(node);
  if (!FUNCTION_LIKE.has(node.kind) || canonical(node) !== node) return undefined;
  const name = declarationName(node);
  if (!name) return undefined;
  const [file, line, column] = positionAt(node.getSourceFile(), nameOffset(name));
  const text = ts.isConstructorDeclaration(node) ? "constructor" : nameText(name);
  const overrides = overridesOfDeclaration(node);
  return { path: file, line, column, name: text, kind: declarationKind(node), overrides };
}

function callFacts(node, name) {
  const [file, line, column] = positionAt(node.getSourceFile(), nameOffset(name));
  const text = name.kind === ts.SyntaxKind.SuperKeyword ? "super" : nameText(name);
  return { path: file, line, column, name: text, ...bindCall(node, name) };
}

const declarations = [];
const calls = [];
for (const sf of program.getSourceFiles()) {
  if (!projectFiles.has(path.resolve(sf.fileName))) continue;
  const visit = (node) => {
    const declaration = declarationFacts(node);
    if (declaration) declarations.push(declaration);
    if (isCall(node)) {
      const name = calledName(node);
      for (const call of name ? [callFacts(node, name), indirectCallFacts(node, name)] : []) {
        if (call) calls.push(call);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
writeFileSync(outputPath, JSON.stringify({ typescript: ts.version, declarations, calls }));
