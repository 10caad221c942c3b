using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RegBench.Experiments;

namespace RegBench.Generators;

/// <summary>
/// An option's default value as canonical JSON (<see cref="CellIdentity"/>'s form), evaluated at compile time from the
/// options record's source: the property initializer or positional parameter default, else default(T). The manifest
/// writes them into <c>DefaultOptionsJson</c>, which the experiment-matrix generator of a host reads to compute the
/// cell ids of the built-in profiles with every default filled, as the run-time binder does.
/// </summary>
internal static class OptionDefaults
{
    /// <summary>The default of <paramref name="property"/> as canonical JSON, or null when it is not a compile-time constant.</summary>
    public static string? Of(IPropertySymbol property, IParameterSymbol? parameter, ScalarKind kind, bool isArray, EnumModel? enumModel,
        Compilation compilation, CancellationToken cancellationToken)
    {
        if (parameter is not null && parameter.HasExplicitDefaultValue)
            return Scalar(parameter.ExplicitDefaultValue, kind, enumModel, parameter.Type);
        var syntax = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
        if (syntax is null) return null; // from metadata: the initializer is not readable (referenced assemblies carry DefaultOptionsJson)
        var initializer = syntax.Initializer?.Value;
        if (initializer is null) return DefaultOfType(kind, isArray, enumModel, property.Type);
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
        return Evaluate(initializer, model, kind, isArray, enumModel, property.Type, cancellationToken);
    }

    private static string? Evaluate(ExpressionSyntax expression, SemanticModel model, ScalarKind kind, bool isArray, EnumModel? enumModel,
        ITypeSymbol type, CancellationToken cancellationToken)
    {
        var constant = model.GetConstantValue(expression, cancellationToken);
        if (constant.HasValue) return constant.Value is null ? "null" : isArray ? null : Scalar(constant.Value, kind, enumModel, type);
        if (!isArray) return null;
        var elements = expression switch
        {
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) =>
                collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
            ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.ToList(),
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.ToList(),
            _ => null,
        };
        if (elements is null) return null;
        var items = elements.Select(e => model.GetConstantValue(e, cancellationToken)).ToList();
        if (items.Any(i => !i.HasValue || i.Value is null)) return null;
        var itemType = type is IArrayTypeSymbol array ? array.ElementType : (type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault() ?? type;
        var written = items.Select(i => Scalar(i.Value, kind, enumModel, itemType)).ToList();
        return written.Any(w => w is null) ? null : "[" + string.Join(",", written) + "]";
    }

    // default(T): null for references and nullables, false, 0, or the enum member whose value is 0.
    private static string? DefaultOfType(ScalarKind kind, bool isArray, EnumModel? enumModel, ITypeSymbol type)
    {
        if (isArray || type.IsReferenceType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }) return "null";
        return Scalar(kind == ScalarKind.Boolean ? false : 0, kind, enumModel, type);
    }

    private static string? Scalar(object? value, ScalarKind kind, EnumModel? enumModel, ITypeSymbol type)
    {
        if (value is null) return "null";
        switch (kind)
        {
            case ScalarKind.Boolean: return value is true ? "true" : "false";
            case ScalarKind.Int32:
            case ScalarKind.Int64: return System.Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case ScalarKind.Double:
                var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || double.IsInfinity(number)) return null;
                var text = CellIdentity.Number(number);
                return CellIdentity.IsInteger(text) ? long.Parse(text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : text;
            case ScalarKind.String: return value is string s ? CellIdentity.String(s) : null;
            case ScalarKind.Enum:
                var enumType = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
                var raw = System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                var field = enumType.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) == raw);
                var json = field is null ? null : enumModel?.Members.FirstOrDefault(m => m.Member == field.Name)?.Json;
                return json is null ? raw.ToString(CultureInfo.InvariantCulture) : CellIdentity.String(json);
            default: return null;
        }
    }
}
