using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AutoBuild.Generators.Emit;

/// <summary>Writes C# statements that rebuild an immutable object graph (the IR: a <c>SearchSpace</c> with its
/// decisions and network template) through public constructors and static factories. For each object it
/// picks the first constructor or factory (most parameters first) whose parameters bind to the object's
/// get-only properties (by name, else by a unique type) and that, called here with those values, gives back
/// an object with equal properties, so a wrong binding cannot go unnoticed. Settable properties are
/// annotations (e.g. a front end's source position) and are not part of the literal. Objects reached more
/// than once become locals, so shared references stay shared. Output follows the graph's own order.</summary>
public sealed class ObjectLiteralEmitter
{
    private readonly CodeWriter _writer;
    private readonly Dictionary<object, int> _references = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, string> _locals = new(ReferenceComparer.Instance);
    private readonly Dictionary<object, Recipe> _recipes = new(ReferenceComparer.Instance);

    private ObjectLiteralEmitter(CodeWriter writer) => _writer = writer;

    /// <summary>Writes the statements of a method body that returns <paramref name="root"/> as <paramref name="declaredType"/>.
    /// Throws <see cref="NotSupportedException"/> when some object of the graph cannot be rebuilt.</summary>
    public static void WriteFactoryBody(CodeWriter writer, object root, Type declaredType)
    {
        var emitter = new ObjectLiteralEmitter(writer);
        emitter.Count(root, new HashSet<object>(ReferenceComparer.Instance));
        var expression = emitter.Expression(root, declaredType);
        WriteLines(writer, "return " + expression + ";");
    }

    private static void WriteLines(CodeWriter writer, string text)
    {
        foreach (var line in text.Split('\n')) writer.Line(line);
    }

    /// <summary>A list of items, on one line when short, else one item per line (relative indentation embedded).</summary>
    private static string List(string open, IReadOnlyList<string> items, string close)
    {
        if (items.Count == 0) return open + close;
        var oneLine = string.Join(", ", items);
        if (oneLine.Length <= 100 && oneLine.IndexOf('\n') < 0) return open + oneLine + close;
        return open + "\n    " + string.Join(",\n", items).Replace("\n", "\n    ") + close;
    }

    private void Count(object? value, HashSet<object> path)
    {
        // The graph's depth is bounded by the spec's nesting limit; this turns a deeper one into an exception the
        // generator reports (AB9002) instead of a stack overflow that takes the compiler down.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (value is null || IsScalar(value.GetType())) return;
        var isReference = !value.GetType().IsValueType;
        if (isReference)
        {
            _references.TryGetValue(value, out var n);
            _references[value] = n + 1;
            if (n > 0) return;
            if (!path.Add(value)) throw new NotSupportedException($"The object graph has a cycle through {value.GetType().Name}; it cannot be written as constructor calls.");
        }
        foreach (var child in Components(value)) Count(child, path);
        if (isReference) path.Remove(value);
    }

    private string Expression(object? value, Type declaredType)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (value is null) return "null";
        var type = value.GetType();
        if (IsScalar(type)) return Scalar(value, type);
        if (type.IsValueType || _references[value] == 1) return Build(value, declaredType);
        if (_locals.TryGetValue(value, out var local)) return local;
        var built = Build(value, declaredType);
        local = "o" + _locals.Count.ToString(CultureInfo.InvariantCulture);
        _locals.Add(value, local);
        WriteLines(_writer, "var " + local + " = " + built + ";");
        return local;
    }

    private string Build(object value, Type declaredType)
    {
        var type = value.GetType();
        if (TryDictionary(type, out var keyType, out var valueType))
        {
            var entries = new List<string>();
            foreach (DictionaryEntry e in (IDictionary)value)
                entries.Add("[" + Expression(e.Key, keyType) + "] = " + Expression(e.Value, valueType));
            var comparer = keyType == typeof(string) ? ComparerText(value) : "";
            return "new global::System.Collections.Generic.Dictionary<" + TypeName(keyType) + ", " + TypeName(valueType) + ">(" + comparer + ")"
                + (entries.Count == 0 ? "" : " { " + string.Join(", ", entries) + " }");
        }
        if (value is IEnumerable sequence)
        {
            var elementType = ElementType(declaredType) ?? ElementType(type) ?? typeof(object);
            var items = new List<string>();
            foreach (var item in sequence) items.Add(Expression(item, elementType));
            if (declaredType.IsGenericType && declaredType.GetGenericTypeDefinition() == typeof(List<>))
                return "new " + TypeName(declaredType) + " { " + string.Join(", ", items) + " }";
            if (items.Count == 0) return "new " + TypeName(elementType) + "[0]";
            var head = "new " + TypeName(elementType) + "[]";
            var oneLine = string.Join(", ", items);
            if (oneLine.Length <= 100 && oneLine.IndexOf('\n') < 0) return head + " { " + oneLine + " }";
            return head + "\n{\n    " + string.Join(",\n", items).Replace("\n", "\n    ") + ",\n}";
        }
        var recipe = RecipeFor(value);
        var parameters = recipe.Method.GetParameters();
        var args = new List<string>();
        for (var i = 0; i < parameters.Length; i++)
            args.Add(CSharpSyntax.Identifier(parameters[i].Name!) + ": " + Expression(recipe.Arguments[i], parameters[i].ParameterType));
        var call = recipe.Method is ConstructorInfo ? "new " + TypeName(type) : TypeName(type) + "." + recipe.Method.Name;
        return List(call + "(", args, ")");
    }

    private static string ComparerText(object dictionary)
    {
        var comparer = dictionary.GetType().GetProperty("Comparer")?.GetValue(dictionary);
        if (ReferenceEquals(comparer, StringComparer.Ordinal)) return "global::System.StringComparer.Ordinal";
        if (ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase)) return "global::System.StringComparer.OrdinalIgnoreCase";
        return "";
    }

    /// <summary>The values a rebuild needs: the arguments of the object's recipe, or the items of a sequence.</summary>
    private IEnumerable<object?> Components(object value)
    {
        if (TryDictionary(value.GetType(), out _, out _))
        {
            foreach (DictionaryEntry e in (IDictionary)value)
            {
                yield return e.Key;
                yield return e.Value;
            }
            yield break;
        }
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence) yield return item;
            yield break;
        }
        foreach (var arg in RecipeFor(value).Arguments) yield return arg;
    }

    private Recipe RecipeFor(object value)
    {
        if (_recipes.TryGetValue(value, out var known)) return known;
        var type = value.GetType();
        if (!IsVisible(type)) throw new NotSupportedException($"Type {type.FullName} is not public; generated code cannot construct it.");
        var properties = IdentityProperties(type);
        var candidates = type.GetConstructors().Cast<MethodBase>()
            .OrderByDescending(c => c.GetParameters().Length).ThenBy(c => c.ToString(), StringComparer.Ordinal)
            .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == type && !m.IsSpecialName)
                .OrderByDescending(m => m.GetParameters().Length).ThenBy(m => m.ToString(), StringComparer.Ordinal));
        foreach (var candidate in candidates)
        {
            var bound = Bind(candidate.GetParameters(), properties);
            if (bound is null) continue;
            var args = bound.Select(p => p.GetValue(value)).ToArray();
            var parameters = candidate.GetParameters();
            if (Enumerable.Range(0, args.Length).Any(i => args[i] is null && !AcceptsNull(parameters[i]))) continue;
            if (!Reproduces(candidate, args, value, properties)) continue;
            var recipe = new Recipe(candidate, args);
            _recipes.Add(value, recipe);
            return recipe;
        }
        throw new NotSupportedException($"No public constructor or factory of {type.FullName} rebuilds this value from its properties.");
    }

    /// <summary>Whether a parameter may be passed null without a nullable warning: a Nullable&lt;T&gt;, or a reference type
    /// not annotated as non-nullable (the compiler's NullableAttribute/NullableContextAttribute, flag 1 = not null).</summary>
    private static bool AcceptsNull(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type.IsValueType) return Nullable.GetUnderlyingType(type) is not null;
        var flag = NullableFlag(parameter.CustomAttributes, "System.Runtime.CompilerServices.NullableAttribute")
            ?? NullableFlag(parameter.Member.CustomAttributes, "System.Runtime.CompilerServices.NullableContextAttribute");
        for (var t = parameter.Member.DeclaringType; flag is null && t is not null; t = t.DeclaringType)
            flag = NullableFlag(t.CustomAttributes, "System.Runtime.CompilerServices.NullableContextAttribute");
        return flag != 1;
    }

    private static byte? NullableFlag(IEnumerable<CustomAttributeData> attributes, string name)
    {
        var attribute = attributes.FirstOrDefault(a => a.AttributeType.FullName == name);
        if (attribute is null || attribute.ConstructorArguments.Count == 0) return null;
        var value = attribute.ConstructorArguments[0].Value;
        if (value is byte b) return b;
        if (value is IReadOnlyCollection<CustomAttributeTypedArgument> flags && flags.Count > 0 && flags.First().Value is byte first) return first;
        return null;
    }

    private static PropertyInfo[] IdentityProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.SetMethod is not { IsPublic: true })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    private static PropertyInfo[]? Bind(ParameterInfo[] parameters, PropertyInfo[] properties)
    {
        var bound = new PropertyInfo?[parameters.Length];
        var used = new HashSet<PropertyInfo>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var byName = properties.FirstOrDefault(p => string.Equals(p.Name, parameters[i].Name, StringComparison.OrdinalIgnoreCase));
            if (byName is null || !parameters[i].ParameterType.IsAssignableFrom(byName.PropertyType)) continue;
            bound[i] = byName;
            used.Add(byName);
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            if (bound[i] is not null) continue;
            var byType = properties.Where(p => !used.Contains(p) && p.PropertyType == parameters[i].ParameterType).ToList();
            if (byType.Count != 1) return null;
            bound[i] = byType[0];
            used.Add(byType[0]);
        }
        return bound.Select(p => p!).ToArray();
    }

    private static bool Reproduces(MethodBase candidate, object?[] args, object original, PropertyInfo[] properties)
    {
        object? rebuilt;
        try
        {
            rebuilt = candidate is ConstructorInfo ctor ? ctor.Invoke(args) : candidate.Invoke(null, args);
        }
        catch (TargetInvocationException)
        {
            return false;
        }
        if (rebuilt is null || rebuilt.GetType() != original.GetType()) return false;
        foreach (var p in properties)
        {
            if (!TryGet(p, original, out var a)) continue;
            if (!TryGet(p, rebuilt, out var b) || !ShallowEqual(a, b)) return false;
        }
        return true;
    }

    private static bool TryGet(PropertyInfo property, object owner, out object? value)
    {
        try
        {
            value = property.GetValue(owner);
            return true;
        }
        catch (TargetInvocationException)
        {
            value = null;
            return false;
        }
    }

    private static bool ShallowEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b) || Equals(a, b)) return true;
        if (a is string || b is string || a is not IEnumerable x || b is not IEnumerable y) return false;
        var left = x.Cast<object?>().ToList();
        var right = y.Cast<object?>().ToList();
        return left.Count == right.Count && left.Zip(right, (l, r) => ReferenceEquals(l, r) || Equals(l, r)).All(e => e);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static string Scalar(object value, Type type)
    {
        switch (value)
        {
            case string s: return CSharpSyntax.StringLiteral(s);
            case bool b: return CSharpSyntax.Literal(b);
            case int i: return CSharpSyntax.Literal(i);
            case long l: return CSharpSyntax.Literal(l);
            case double d: return CSharpSyntax.Literal(d);
            case float f: return CSharpSyntax.Literal(f);
            case decimal m: return m.ToString(CultureInfo.InvariantCulture) + "m";
            case char c: return "(char)" + ((int)c).ToString(CultureInfo.InvariantCulture);
        }
        if (type.IsEnum)
        {
            var name = Enum.GetName(type, value);
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            return name is not null && CSharpSyntax.Identifier(name) == name && type.GetCustomAttribute<FlagsAttribute>() is null
                ? TypeName(type) + "." + name
                : "(" + TypeName(type) + ")(" + number + ")";
        }
        // Remaining primitives (byte, short, uint, ...): a cast from their invariant text.
        return "(" + TypeName(type) + ")(" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
    }

    private static bool TryDictionary(Type type, out Type key, out Type value)
    {
        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            foreach (var i in type.GetInterfaces())
            {
                if (!i.IsGenericType || i.GetGenericTypeDefinition() != typeof(IDictionary<,>)) continue;
                var args = i.GetGenericArguments();
                key = args[0];
                value = args[1];
                return true;
            }
        }
        key = value = typeof(object);
        return false;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return type.GetGenericArguments()[0];
        return type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
    }

    private static bool IsVisible(Type type) => type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType!));

    /// <summary>The fully qualified C# name of a type (<c>global::</c> prefixed, keywords for primitives).</summary>
    public static string TypeName(Type type)
    {
        if (type == typeof(int)) return "int";
        if (type == typeof(long)) return "long";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(double)) return "double";
        if (type == typeof(float)) return "float";
        if (type == typeof(string)) return "string";
        if (type == typeof(object)) return "object";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null) return TypeName(nullable) + "?";
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name.Substring(0, tick);
        var prefix = type.IsNested ? TypeName(type.DeclaringType!) + "." : "global::" + (string.IsNullOrEmpty(type.Namespace) ? "" : type.Namespace + ".");
        if (!type.IsGenericType) return prefix + name;
        var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0);
        return prefix + name + "<" + string.Join(", ", own.Select(TypeName)) + ">";
    }

    private sealed class Recipe
    {
        public Recipe(MethodBase method, object?[] arguments)
        {
            Method = method;
            Arguments = arguments;
        }

        public MethodBase Method { get; }
        public object?[] Arguments { get; }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();
        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
