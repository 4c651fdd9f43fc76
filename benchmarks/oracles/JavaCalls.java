/*
 * What javac says every call in a Java project is statically bound to: the Java judge of
 * benchmarks/callers_vs_compilers.py (driven by benchmarks/oracles/java.py).
 *
 * Run as a single-file program, no build step:
 *
 *   java --add-exports jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED \
 *        JavaCalls.java ROOT OUT CLASSPATH FILES
 *
 * FILES lists the project's source files, one repository-relative path a line; all of them
 * are compiled together (javac's JavacTask: parse, enter, attribute) over CLASSPATH. OUT gets
 * one tab-separated line per fact, positions as "path line column" with 1-based lines (counted
 * by '\n', as tree-sitter counts rows) and 1-based columns counted in code points:
 *
 *   D  path line column name kind [path line column]...   a method or constructor declared in
 *                                                         FILES, at its name, then what it
 *                                                         overrides or implements in FILES
 *   C  path line column name status [path line column]    a call (a method invocation, a
 *                                                         `new`, this(...) or super(...)) at
 *                                                         its called name
 *
 * status is "inside" (followed by the declaration's position), "implicit" (bound to a member
 * of a project class that has no declaration in the source: a default constructor, an enum's
 * values()), "outside" (bound to a class file: the JDK or a CLASSPATH jar) or "unknown".
 *
 * A call is unknown, never guessed, when javac could not bind it or may have bound it by error
 * recovery: no method element, an error diagnostic anywhere in the call's source span (an
 * argument of an unknown type makes javac take any overload as applicable), or a receiver
 * whose type (or an enclosing class, for an unqualified call) has an unresolved supertype, whose
 * methods javac cannot see.
 */

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import com.sun.tools.javac.tree.JCTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class JavaCalls {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        List<String> files = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            if (!file.isBlank()) {
                paths.add(root.resolve(file));
            }
        }
        List<String> options = List.of(
                "-proc:none", "-implicit:none", "-nowarn", "-encoding", "UTF-8", "-classpath", args[2],
                "-Xmaxerrs", "1000000",
                // Attribute every class even after errors (a missing test dependency must not
                // stop javac from binding the calls it can bind).
                "-XDshould-stop.ifError=FLOW", "-XDshould-stop.ifNoError=FLOW");
        JavacTask task = (JavacTask) compiler.getTask(
                null, manager, diagnostics, options, null, manager.getJavaFileObjectsFromPaths(paths));
        List<CompilationUnitTree> units = new ArrayList<>();
        task.parse().forEach(units::add);
        task.analyze();
        JavaCalls judge = new JavaCalls(root, task, diagnostics.getDiagnostics());
        for (CompilationUnitTree unit : units) {
            judge.declare(unit);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            judge.writeDeclarations(out);
            for (CompilationUnitTree unit : units) {
                judge.writeCalls(unit, out);
            }
        }
        judge.summarize(units.size());
    }

    private final Path root;
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final SourcePositions positions;
    /** Error diagnostics' positions, per source file URI. */
    private final Map<String, List<Long>> errors = new HashMap<>();
    /** Every declaration written in the sources, as "path line column", by its element. */
    private final Map<ExecutableElement, String> declared = new LinkedHashMap<>();
    /** Calls written in the source whose name javac's positions do not lead to. */
    private final List<String> unplaced = new ArrayList<>();
    /** Line starts of each file read, by URI. */
    private final Map<String, Lines> lines = new HashMap<>();

    JavaCalls(Path root, JavacTask task, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        this.root = root;
        this.trees = Trees.instance(task);
        this.elements = task.getElements();
        this.types = task.getTypes();
        this.positions = trees.getSourcePositions();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR && diagnostic.getSource() != null) {
                errors.computeIfAbsent(diagnostic.getSource().toUri().toString(), k -> new ArrayList<>())
                        .add(diagnostic.getPosition());
            }
        }
    }

    /** Tells on stderr how much javac could not compile and which calls were left out. */
    void summarize(int files) {
        int errorCount = errors.values().stream().mapToInt(List::size).sum();
        System.err.println("JavaCalls: " + files + " files, " + errorCount + " javac errors, "
                + unplaced.size() + " calls left out (no name at javac's position)");
        unplaced.stream().limit(10).forEach(call -> System.err.println("  left out: " + call));
    }

    /** The source text of a file and where its lines start, to turn offsets into positions. */
    private static final class Lines {
        final String text;
        final int[] starts;

        Lines(String text) {
            this.text = text;
            List<Integer> found = new ArrayList<>();
            found.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    found.add(i + 1);
                }
            }
            starts = found.stream().mapToInt(Integer::intValue).toArray();
        }

        /** "line column" of a UTF-16 offset, the column in code points. */
        String position(int offset) {
            int index = java.util.Arrays.binarySearch(starts, offset);
            int line = index >= 0 ? index : -index - 2;
            int column = text.codePointCount(starts[line], offset) + 1;
            return (line + 1) + "\t" + column;
        }
    }

    private Lines lines(CompilationUnitTree unit) {
        return lines.computeIfAbsent(unit.getSourceFile().toUri().toString(), uri -> {
            try {
                return new Lines(unit.getSourceFile().getCharContent(true).toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private String path(CompilationUnitTree unit) {
        return root.relativize(Path.of(unit.getSourceFile().toUri()).normalize()).toString().replace('\\', '/');
    }

    /**
     * "path line column" of the name at offset in unit, or null when the text there is not
     * that name: a tree javac made up (a default constructor, the super() it calls), which is
     * no code of the project.
     */
    private String namePosition(CompilationUnitTree unit, long offset, String name) {
        Lines text = lines(unit);
        if (offset < 0 || !text.text.startsWith(name, (int) offset)) {
            return null;
        }
        int end = (int) offset + name.length();
        if (end < text.text.length() && Character.isJavaIdentifierPart(text.text.charAt(end))) {
            return null;
        }
        return path(unit) + "\t" + text.position((int) offset);
    }

    // ---- declarations ---------------------------------------------------------------------

    /** Records every method and constructor of unit written in its source, by element. */
    void declare(CompilationUnitTree unit) {
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethod(MethodTree tree, Void unused) {
                Element element = trees.getElement(getCurrentPath());
                if (element instanceof ExecutableElement method
                        && elements.getOrigin(method) == Elements.Origin.EXPLICIT) {
                    String name = method.getKind() == ElementKind.CONSTRUCTOR
                            ? method.getEnclosingElement().getSimpleName().toString()
                            : tree.getName().toString();
                    String position = namePosition(unit, ((JCTree) tree).pos, name);
                    if (position != null) {
                        declared.put(method, position);
                    }
                }
                return super.visitMethod(tree, null);
            }
        }.scan(unit, null);
    }

    void writeDeclarations(PrintWriter out) {
        declared.forEach((method, position) -> {
            boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
            StringBuilder line = new StringBuilder("D\t").append(position).append('\t')
                    .append(constructor ? method.getEnclosingElement().getSimpleName() : method.getSimpleName())
                    .append('\t').append(constructor ? "constructor" : "method");
            for (String overridden : overridden(method)) {
                line.append('\t').append(overridden);
            }
            out.println(line);
        });
    }

    /** The declarations in the project that method overrides or implements, javac's view. */
    private List<String> overridden(ExecutableElement method) {
        List<String> found = new ArrayList<>();
        if (method.getKind() != ElementKind.METHOD || method.getModifiers().contains(Modifier.STATIC)) {
            return found;
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        for (TypeElement type : supertypes(owner.asType())) {
            if (type == null) {
                continue;
            }
            for (Element member : type.getEnclosedElements()) {
                if (member instanceof ExecutableElement candidate
                        && declared.containsKey(candidate)
                        && candidate.getSimpleName().equals(method.getSimpleName())
                        && elements.overrides(method, candidate, owner)) {
                    found.add(declared.get(candidate));
                }
            }
        }
        return found;
    }

    /** Every proper supertype's class of type, transitively; null in the list if one is erroneous. */
    private List<TypeElement> supertypes(TypeMirror type) {
        List<TypeElement> found = new ArrayList<>();
        Set<Element> seen = new HashSet<>();
        List<TypeMirror> pending = new ArrayList<>(types.directSupertypes(type));
        while (!pending.isEmpty()) {
            TypeMirror next = pending.remove(pending.size() - 1);
            if (next.getKind() == TypeKind.ERROR) {
                found.add(null);
                continue;
            }
            Element element = types.asElement(next);
            if (element instanceof TypeElement typeElement && seen.add(typeElement)) {
                found.add(typeElement);
                pending.addAll(types.directSupertypes(next));
            }
        }
        return found;
    }

    // ---- calls ------------------------------------------------------------------------------

    void writeCalls(CompilationUnitTree unit, PrintWriter out) {
        List<Long> unitErrors = errors.getOrDefault(unit.getSourceFile().toUri().toString(), List.of());
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
                ExpressionTree select = tree.getMethodSelect();
                TreePath path = getCurrentPath();
                if (select instanceof MemberSelectTree member) {
                    String name = member.getIdentifier().toString();
                    long offset = positions.getEndPosition(unit, member) - name.length();
                    write(path, name, offset, boundTo(path, receiverType(new TreePath(path, member.getExpression()))));
                } else if (select instanceof IdentifierTree identifier) {
                    String name = identifier.getName().toString();
                    write(path, name, positions.getStartPosition(unit, identifier), boundTo(path, enclosingTypes(path)));
                }
                return super.visitMethodInvocation(tree, null);
            }

            @Override
            public Void visitNewClass(NewClassTree tree, Void unused) {
                TreePath path = getCurrentPath();
                if (!isEnumConstant(path)) {
                    Tree type = tree.getIdentifier();
                    while (type instanceof ParameterizedTypeTree || type instanceof AnnotatedTypeTree) {
                        type = type instanceof ParameterizedTypeTree p ? p.getType() : ((AnnotatedTypeTree) type).getUnderlyingType();
                    }
                    String name = type instanceof MemberSelectTree m ? m.getIdentifier().toString()
                            : type instanceof IdentifierTree i ? i.getName().toString() : null;
                    if (name != null) {
                        long offset = positions.getEndPosition(unit, type) - name.length();
                        write(path, name, offset, boundTo(path, List.of()));
                    }
                }
                return super.visitNewClass(tree, null);
            }

            /** An enum constant's arguments are a constructor call javac writes as a `new`. */
            private boolean isEnumConstant(TreePath path) {
                Tree parent = path.getParentPath().getLeaf();
                if (parent instanceof VariableTree) {
                    Element variable = trees.getElement(path.getParentPath());
                    return variable != null && variable.getKind() == ElementKind.ENUM_CONSTANT;
                }
                return false;
            }

            private void write(TreePath path, String name, long offset, String status) {
                String position = namePosition(unit, offset, name);
                if (position == null) {
                    if (!name.equals("super")) { // javac writes a super() into constructors
                        unplaced.add(path(unit) + " offset " + offset + ": " + name);
                    }
                    return;
                }
                long start = positions.getStartPosition(unit, path.getLeaf());
                long end = positions.getEndPosition(unit, path.getLeaf());
                for (long error : unitErrors) {
                    if (start <= error && error <= end) {
                        status = "unknown";
                        break;
                    }
                }
                out.println("C\t" + position + "\t" + name + "\t" + status);
            }
        }.scan(unit, null);
    }

    /**
     * What the call at path is bound to: "inside\tpath line column", "implicit",
     * "outside" or "unknown". searched are the types whose members javac looked the name up
     * in (null if one of them is unknown): the receiver's, or the enclosing classes' for an
     * unqualified call, and none for a constructor, which is not inherited.
     */
    private String boundTo(TreePath path, List<TypeMirror> searched) {
        Element element = trees.getElement(path);
        if (!(element instanceof ExecutableElement method) || searched == null || !complete(searched)) {
            return "unknown";
        }
        if (path.getLeaf() instanceof NewClassTree newClass && newClass.getClassBody() != null) {
            method = anonymousSuperConstructor(method);
            if (method == null) {
                return "unknown";
            }
        }
        if (method.getEnclosingElement().asType().getKind() == TypeKind.ERROR) {
            return "unknown";
        }
        String position = declared.get(method);
        if (position != null) {
            return "inside\t" + position;
        }
        return trees.getPath(method.getEnclosingElement()) != null ? "implicit" : "outside";
    }

    /**
     * The constructor an anonymous class's constructor calls (javac binds `new T(args) {...}`
     * to the anonymous class's own constructor, which passes args on to T's), or null.
     */
    private ExecutableElement anonymousSuperConstructor(ExecutableElement constructor) {
        Element owner = constructor.getEnclosingElement();
        if (!(owner instanceof TypeElement type) || type.getNestingKind() != NestingKind.ANONYMOUS) {
            return constructor;
        }
        TreePath declaration = trees.getPath(constructor);
        if (declaration == null || !(declaration.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
            return null;
        }
        List<? extends StatementTree> statements = tree.getBody().getStatements();
        if (statements.isEmpty() || !(statements.get(0) instanceof ExpressionStatementTree statement)) {
            return null;
        }
        TreePath body = new TreePath(declaration, tree.getBody());
        TreePath call = new TreePath(new TreePath(body, statement), statement.getExpression());
        Element element = trees.getElement(call);
        return element instanceof ExecutableElement superConstructor ? superConstructor : null;
    }

    /** The type of a call's receiver (an expression or a class name), or null if unknown. */
    private List<TypeMirror> receiverType(TreePath receiver) {
        TypeMirror type = trees.getTypeMirror(receiver);
        return type == null || type.getKind() == TypeKind.ERROR ? null : List.of(type);
    }

    /** The classes around an unqualified call, innermost first, or null if one is unknown. */
    private List<TypeMirror> enclosingTypes(TreePath path) {
        List<TypeMirror> found = new ArrayList<>();
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            if (at.getLeaf() instanceof ClassTree) {
                Element element = trees.getElement(at);
                if (element == null) {
                    return null;
                }
                found.add(element.asType());
            }
        }
        return found;
    }

    /** Whether javac saw every member of these types: none has an unresolved supertype. */
    private boolean complete(List<TypeMirror> searched) {
        for (TypeMirror type : searched) {
            if ((type.getKind() == TypeKind.DECLARED || type.getKind() == TypeKind.TYPEVAR)
                    && supertypes(type).contains(null)) {
                return false;
            }
        }
        return true;
    }
}
