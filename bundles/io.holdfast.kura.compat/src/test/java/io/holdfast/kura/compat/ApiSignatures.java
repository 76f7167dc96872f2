package io.holdfast.kura.compat;

import aQute.bnd.classfile.AnnotationInfo;
import aQute.bnd.classfile.AnnotationsAttribute;
import aQute.bnd.classfile.ClassFile;
import aQute.bnd.classfile.RuntimeInvisibleAnnotationsAttribute;
import aQute.bnd.classfile.RuntimeVisibleAnnotationsAttribute;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the public API of compiled types as text, one line per fact, in a fixed order, so that two builds of "the same
 * API" give the same text and a difference reads as a line diff.
 * <p>
 * Format, per type (types sorted by name):
 *
 * <pre>
 * type org.eclipse.kura.KuraException
 *   declaration public class org.eclipse.kura.KuraException extends java.lang.Exception
 *   annotation class @org.osgi.annotation.versioning.ProviderType
 *   constructor public KuraException(org.eclipse.kura.KuraErrorCode,java.lang.Object...)
 *   method public static org.eclipse.kura.KuraException internalError(java.lang.String)
 * </pre>
 *
 * <ul>
 * <li>{@code declaration}: the source modifiers (an interface's implicit {@code abstract} and an enum's implicit
 * {@code final} left out), the kind ({@code class}, {@code interface}, {@code enum}, {@code @interface}), type
 * parameters, the generic superclass (unless {@code Object} or {@code Enum}) and the generic interfaces, sorted.</li>
 * <li>{@code annotation}: the type's annotations with retention {@code class} or {@code runtime}, read from the class
 * file, sorted.</li>
 * <li>{@code constant NNN NAME}: an enum's constants, numbered by ordinal.</li>
 * <li>{@code field}, {@code constructor}, {@code method}: every public or protected member the type declares (not
 * inherited, not synthetic, not bridge), with modifiers ({@code default} for default methods), type parameters, generic
 * types by {@link Type#getTypeName()}, varargs as {@code ...}, {@code throws} in declaration order, and a static final
 * field's constant value; runtime annotations of the member come first, sorted. Lines are sorted.</li>
 * </ul>
 */
public final class ApiSignatures {

    private ApiSignatures() {
    }

    /**
     * Dumps every public type compiled into a classes directory.
     *
     * @param classes
     *            a directory of class files
     * @param loader
     *            loads those classes
     *
     * @return the dump, one line per element
     *
     * @throws IOException
     *             if the directory cannot be read
     */
    public static List<String> dumpDirectory(Path classes, ClassLoader loader) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted()
                    .collect(Collectors.toList());
        }
        List<Class<?>> types = new ArrayList<>();
        for (String name : names) {
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot load " + name, e);
            }
            if (Modifier.isPublic(c.getModifiers()) && !c.isSynthetic() && !c.isAnonymousClass()) {
                types.add(c);
            }
        }
        return dump(types, loader);
    }

    /**
     * Dumps types.
     *
     * @param types
     *            the types
     * @param loader
     *            finds their class files
     *
     * @return the dump, one line per element
     *
     * @throws IOException
     *             if a class file cannot be read
     */
    public static List<String> dump(List<Class<?>> types, ClassLoader loader) throws IOException {
        List<String> out = new ArrayList<>();
        List<Class<?>> sorted = new ArrayList<>(types);
        sorted.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (Class<?> c : sorted) {
            out.add("type " + c.getName());
            out.add("  declaration " + declaration(c));
            for (String a : typeAnnotations(c, loader)) {
                out.add("  annotation " + a);
            }
            if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                for (int i = 0; i < constants.length; i++) {
                    out.add(String.format("  constant %03d %s", i, ((Enum<?>) constants[i]).name()));
                }
            }
            TreeSet<String> members = new TreeSet<>();
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic() && !f.isEnumConstant()) {
                    members.add("field " + annotations(f) + field(f));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    members.add("constructor " + annotations(k) + executable(k, null, c.getSimpleName()));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add("method " + annotations(m) + executable(m, m.getGenericReturnType(), m.getName()));
                }
            }
            members.forEach(m -> out.add("  " + m));
        }
        return out;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String declaration(Class<?> c) {
        int mods = c.getModifiers() & Modifier.classModifiers();
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (c.isInterface()) {
            kind = "interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (c.isEnum()) {
            kind = "enum";
            mods &= ~Modifier.FINAL;
        } else {
            kind = "class";
        }
        StringBuilder sb = new StringBuilder();
        String m = Modifier.toString(mods);
        sb.append(m.isEmpty() ? "" : m + " ").append(kind).append(' ').append(c.getName());
        sb.append(typeParameters(c.getTypeParameters()));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum()) {
            sb.append(" extends ").append(sup.getTypeName());
        }
        List<String> interfaces = Arrays.stream(c.getGenericInterfaces()).map(Type::getTypeName).sorted()
                .collect(Collectors.toList());
        if (!interfaces.isEmpty()) {
            sb.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return sb.toString();
    }

    private static List<String> typeAnnotations(Class<?> c, ClassLoader loader) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file " + resource);
            }
            ClassFile cf = ClassFile.parseClassFile(new DataInputStream(in));
            TreeSet<String> names = new TreeSet<>();
            collect(cf.getAttribute(RuntimeVisibleAnnotationsAttribute.class), "runtime", names);
            collect(cf.getAttribute(RuntimeInvisibleAnnotationsAttribute.class), "class", names);
            return new ArrayList<>(names);
        }
    }

    private static void collect(Optional<? extends AnnotationsAttribute> attribute, String retention,
            TreeSet<String> names) {
        attribute.ifPresent(a -> {
            for (AnnotationInfo info : a.annotations) {
                // a descriptor: Lorg/osgi/annotation/versioning/ProviderType;
                String type = info.type.substring(1, info.type.length() - 1).replace('/', '.');
                names.add(retention + " @" + type);
            }
        });
    }

    private static String annotations(AnnotatedElement e) {
        return Arrays.stream(e.getDeclaredAnnotations()).map(a -> "@" + a.annotationType().getName() + " ").sorted()
                .collect(Collectors.joining());
    }

    private static String field(Field f) {
        StringBuilder sb = new StringBuilder(Modifier.toString(f.getModifiers())).append(' ')
                .append(f.getGenericType().getTypeName()).append(' ').append(f.getName());
        int mods = f.getModifiers();
        if (Modifier.isStatic(mods) && Modifier.isFinal(mods)
                && (f.getType().isPrimitive() || f.getType() == String.class)) {
            try {
                f.setAccessible(true);
                Object v = f.get(null);
                sb.append(" = ").append(v instanceof String s ? quote(s) : String.valueOf(v));
            } catch (ReflectiveOperationException | RuntimeException e) {
                sb.append(" = <unreadable: ").append(e).append('>');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    private static String executable(Executable e, Type returnType, String name) {
        int mods = e.getModifiers()
                & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
        StringBuilder sb = new StringBuilder(Modifier.toString(mods));
        if (e instanceof Method m && m.isDefault()) {
            sb.append(sb.length() == 0 ? "" : " ").append("default");
        }
        String tp = typeParameters(e.getTypeParameters());
        if (!tp.isEmpty()) {
            sb.append(' ').append(tp);
        }
        if (returnType != null) {
            sb.append(' ').append(returnType.getTypeName());
        }
        sb.append(' ').append(name).append('(');
        Type[] params = e.getGenericParameterTypes();
        for (int i = 0; i < params.length; i++) {
            String p = params[i].getTypeName();
            if (e.isVarArgs() && i == params.length - 1) {
                p = p.substring(0, p.length() - 2) + "...";
            }
            sb.append(i == 0 ? "" : ",").append(p);
        }
        sb.append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            sb.append(" throws ")
                    .append(Arrays.stream(exceptions).map(Type::getTypeName).collect(Collectors.joining(",")));
        }
        return sb.toString().trim();
    }

    private static String typeParameters(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        return Arrays.stream(vars).map(v -> {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).map(Type::getTypeName)
                    .collect(Collectors.toList());
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
        }).collect(Collectors.joining(",", "<", ">"));
    }

    /**
     * Prints the dump of a classes directory, to compare another build of the API with the committed signatures.
     *
     * @param args
     *            the classes directory
     *
     * @throws IOException
     *             if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] { dir.toUri().toURL() },
                ApiSignatures.class.getClassLoader())) {
            dumpDirectory(dir, loader).forEach(System.out::println);
        }
    }
}
