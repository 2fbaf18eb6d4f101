using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Fortress.Tests.Architecture;

/// <summary>
/// The dependencies between Fortress's namespaces as the compiled code has them: every type a type names in its base
/// types, fields, signatures and method bodies (the IL's field, method and type tokens), whatever the source wrote
/// (a <c>using</c> line, a fully written name, or a type of an enclosing namespace found without either). Compiler-made
/// types (lambdas, iterators) count for the type they were made from.
/// </summary>
internal sealed class NamespaceGraph
{
    /// <summary>Namespace → the namespaces it uses, each with one example "Type → Type" for the message of a failing test.</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    public static NamespaceGraph Of(IEnumerable<string> assemblyFiles)
    {
        var g = new NamespaceGraph();
        foreach (var f in assemblyFiles) g.Add(f);
        return g;
    }

    private void Add(string file)
    {
        using var pe = new PEReader(File.OpenRead(file));
        var md = pe.GetMetadataReader();
        foreach (var th in md.TypeDefinitions)
        {
            var def = md.GetTypeDefinition(th);
            var (ns, name) = Outer(md, th);
            if (!ns.StartsWith("Fortress", StringComparison.Ordinal)) continue;
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            void Use(string? targetNs, string targetName)
            {
                if (targetNs is null || targetNs == ns || !targetNs.StartsWith("Fortress", StringComparison.Ordinal)) return;
                found.TryAdd(targetNs, $"{ns}.{name} -> {targetNs}.{targetName}");
            }
            var provider = new Collector(md, Use);
            if (!def.BaseType.IsNil) Visit(md, def.BaseType, provider, Use);
            foreach (var ih in def.GetInterfaceImplementations()) Visit(md, md.GetInterfaceImplementation(ih).Interface, provider, Use);
            foreach (var fh in def.GetFields()) md.GetFieldDefinition(fh).DecodeSignature(provider, null);
            foreach (var mh in def.GetMethods())
            {
                var m = md.GetMethodDefinition(mh);
                m.DecodeSignature(provider, null);
                if (m.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(m.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                    md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                foreach (var token in Tokens(body.GetILContent())) Visit(md, MetadataTokens.EntityHandle(token), provider, Use);
            }
            if (!Edges.TryGetValue(ns, out var edges)) Edges[ns] = edges = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in found) edges.TryAdd(k, v);
        }
    }

    /// <summary>The namespace and name of the outermost type that holds a (possibly nested) type definition.</summary>
    private static (string Ns, string Name) Outer(MetadataReader md, TypeDefinitionHandle h)
    {
        var def = md.GetTypeDefinition(h);
        while (def.GetDeclaringType() is { IsNil: false } outer) def = md.GetTypeDefinition(outer);
        return (md.GetString(def.Namespace), md.GetString(def.Name));
    }

    private static (string Ns, string Name) Outer(MetadataReader md, TypeReferenceHandle h)
    {
        var r = md.GetTypeReference(h);
        while (r.ResolutionScope.Kind == HandleKind.TypeReference) r = md.GetTypeReference((TypeReferenceHandle)r.ResolutionScope);
        return (md.GetString(r.Namespace), md.GetString(r.Name));
    }

    private static void Visit(MetadataReader md, EntityHandle h, Collector p, Action<string?, string> use)
    {
        switch (h.Kind)
        {
            case HandleKind.TypeDefinition: { var (n, t) = Outer(md, (TypeDefinitionHandle)h); use(n, t); break; }
            case HandleKind.TypeReference: { var (n, t) = Outer(md, (TypeReferenceHandle)h); use(n, t); break; }
            case HandleKind.TypeSpecification: md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(p, null); break;
            case HandleKind.FieldDefinition: Visit(md, md.GetFieldDefinition((FieldDefinitionHandle)h).GetDeclaringType(), p, use); break;
            case HandleKind.MethodDefinition: Visit(md, md.GetMethodDefinition((MethodDefinitionHandle)h).GetDeclaringType(), p, use); break;
            case HandleKind.MemberReference:
            {
                var m = md.GetMemberReference((MemberReferenceHandle)h);
                Visit(md, m.Parent, p, use);
                if (m.GetKind() == MemberReferenceKind.Method) m.DecodeMethodSignature(p, null); else m.DecodeFieldSignature(p, null);
                break;
            }
            case HandleKind.MethodSpecification:
            {
                var s = md.GetMethodSpecification((MethodSpecificationHandle)h);
                Visit(md, s.Method, p, use);
                s.DecodeSignature(p, null);
                break;
            }
        }
    }

    private static readonly Dictionary<short, OperandType> OpCodeOperands = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>The metadata tokens of an IL body's field, method and type operands.</summary>
    private static IEnumerable<int> Tokens(ImmutableArray<byte> il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il[i++]));
            var operand = OpCodeOperands[code];
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il.AsSpan(i, 4));
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il.AsSpan(i, 4)); break;
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }

    /// <summary>Decodes signatures, reporting every type definition or reference met.</summary>
    private sealed class Collector(MetadataReader md, Action<string?, string> use) : ISignatureTypeProvider<object?, object?>
    {
        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) { var (n, t) = Outer(md, handle); use(n, t); return null; }
        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) { var (n, t) = Outer(md, handle); use(n, t); return null; }
        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public object? GetSZArrayType(object? elementType) => null;
        public object? GetArrayType(object? elementType, ArrayShape shape) => null;
        public object? GetByReferenceType(object? elementType) => null;
        public object? GetPointerType(object? elementType) => null;
        public object? GetPinnedType(object? elementType) => null;
        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
        public object? GetGenericMethodParameter(object? genericContext, int index) => null;
        public object? GetGenericTypeParameter(object? genericContext, int index) => null;
        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
    }

    /// <summary>The cycles: strongly connected groups of more than one namespace (Tarjan), each as its member list.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var on = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();
        var next = 0;
        void Strong(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            on.Add(v);
            foreach (var w in Edges.TryGetValue(v, out var e) ? e.Keys.ToList() : [])
            {
                if (!index.ContainsKey(w)) { Strong(w); low[v] = Math.Min(low[v], low[w]); }
                else if (on.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string x;
            do { x = stack.Pop(); on.Remove(x); group.Add(x); } while (x != v);
            if (group.Count > 1) result.Add(group.Order(StringComparer.Ordinal).ToList());
        }
        foreach (var v in Edges.Keys.Order(StringComparer.Ordinal).ToList()) if (!index.ContainsKey(v)) Strong(v);
        return result;
    }
}
