using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RegBench.Generators;

/// <summary>Turns one attributed plugin class into a <see cref="PluginModel"/> and its diagnostics.</summary>
internal static class PluginParser
{
    private const string DescriptionAttribute = "System.ComponentModel.DescriptionAttribute";
    private const string JsonPropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    private const string JsonEnumMemberNameAttribute = "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute";
    private const string OptionRangeAttribute = "RegBench.Abstractions.OptionRangeAttribute";

    public static PluginResult Parse(GeneratorAttributeSyntaxContext context, string kind, string interfaceName, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (ClassDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        var identifier = LocationInfo.From(syntax.Identifier.GetLocation())!;
        var usable = true;

        var name = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
        var description = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Description").Value.Value as string ?? "";
        var version = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Version").Value.Value as int? ?? 1;
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var nameLocation = LocationInfo.From((SyntaxNode?)attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression ?? attributeSyntax) ?? identifier;

        if (!Naming.IsValidPluginName(name))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPluginName, nameLocation, name));
        if (version < 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPluginVersion, nameLocation, name, version.ToString(CultureInfo.InvariantCulture)));
        if (!type.IsSealed)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PluginNotSealed, identifier, type.Name));
        var contract = context.SemanticModel.Compilation.GetTypeByMetadataName(interfaceName);
        if (contract is null || !type.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PluginMissingInterface, identifier, type.Name, kind, interfaceName.Substring(interfaceName.LastIndexOf('.') + 1)));

        var notCreatable = type.IsAbstract ? "is abstract"
            : type.IsGenericType ? "is generic"
            : !IsVisibleToAssembly(type) ? "is not visible to its assembly (nested private or protected)"
            : null;
        if (notCreatable is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PluginNotCreatable, identifier, type.Name, notCreatable));
            usable = false;
        }

        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToList();
        var withOptions = constructors.Where(c => c.Parameters.Length == 1).ToList();
        IParameterSymbol? optionsParameter = null;
        if (withOptions.Count == 1) optionsParameter = withOptions[0].Parameters[0];
        else if (withOptions.Count > 1 || !constructors.Any(c => c.Parameters.Length == 0))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PluginNotCreatable, identifier, type.Name,
                withOptions.Count > 1
                    ? "has more than one constructor taking one parameter; keep the one that takes its options record"
                    : "has no public or internal constructor that takes its options record or nothing"));
            usable = false;
        }

        var optionsType = optionsParameter?.Type as INamedTypeSymbol;
        var options = EquatableArray<OptionModel>.Empty;
        if (optionsParameter is not null)
        {
            var parameterSyntax = optionsParameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax;
            var optionsLocation = LocationInfo.From((SyntaxNode?)parameterSyntax?.Type ?? parameterSyntax) ?? identifier;
            if (optionsType is null || !IsCreatableRecord(optionsType))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionsNotRecord, optionsLocation,
                    optionsParameter.Type.ToDisplayString(), name));
                usable = false;
            }
            else
            {
                options = ParseOptions(optionsType, diagnostics, optionsLocation, cancellationToken, context.SemanticModel.Compilation);
            }
        }

        var hasValidate = false;
        var validateMethods = type.GetMembers("Validate").ToList();
        if (validateMethods.Count > 0)
        {
            hasValidate = validateMethods.OfType<IMethodSymbol>().Any(m =>
                m.IsStatic && m.ReturnsVoid && !m.IsGenericMethod && m.Parameters.Length == 1 && optionsType is not null &&
                m.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal) &&
                SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, optionsType));
            if (!hasValidate)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidValidateHook,
                    LocationInfo.From(validateMethods[0].Locations.FirstOrDefault()) ?? identifier,
                    type.Name, optionsType?.Name ?? "TOptions"));
        }

        var model = usable
            ? new PluginModel(kind, name, description, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), type.Name,
                optionsType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), options, hasValidate, nameLocation, version)
            : null;
        return new PluginResult(model, diagnostics.ToEquatableArray());
    }

    private static bool IsVisibleToAssembly(INamedTypeSymbol type)
    {
        for (ISymbol? symbol = type; symbol is INamedTypeSymbol named; symbol = named.ContainingType)
            if (named.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                return false;
        return true;
    }

    private static bool IsCreatableRecord(INamedTypeSymbol type)
    {
        if (!type.IsRecord || type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType) return false;
        var callable = type.InstanceConstructors.Any(c =>
            c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal &&
            c.Parameters.All(p => p.HasExplicitDefaultValue || p.IsParams) &&
            !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type))); // the copy constructor
        if (!callable) return false;
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            if (t.GetMembers().Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
                return false;
        return true;
    }

    /// <summary>
    /// The options of <paramref name="optionsType"/>. With <paramref name="compilation"/> (the plugin's own source) each
    /// option's default is evaluated as canonical JSON, and a default that is not a compile-time constant is RB0011;
    /// without it (a referenced assembly's metadata) defaults are left null.
    /// </summary>
    internal static EquatableArray<OptionModel> ParseOptions(INamedTypeSymbol optionsType, List<DiagnosticInfo> diagnostics,
        LocationInfo fallback, CancellationToken cancellationToken, Compilation? compilation = null)
    {
        var result = new List<OptionModel>();
        var seen = new HashSet<string>();
        var positional = optionsType.InstanceConstructors.SelectMany(c => c.Parameters).ToList();
        for (var t = optionsType; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public ||
                    property.SetMethod is not { DeclaredAccessibility: Accessibility.Public } || property.Name == "EqualityContract" ||
                    !seen.Add(property.Name))
                    continue;
                var parameter = positional.FirstOrDefault(p => p.Name == property.Name && SymbolEqualityComparer.Default.Equals(p.Type, property.Type));
                var attributes = property.GetAttributes().AddRange(parameter?.GetAttributes() ?? []);
                var location = LocationInfo.From(property.Locations.FirstOrDefault()) ?? fallback;
                var jsonName = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == JsonPropertyNameAttribute)?
                    .ConstructorArguments.FirstOrDefault().Value as string ?? Naming.CamelCase(property.Name);
                var description = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DescriptionAttribute)?
                    .ConstructorArguments.FirstOrDefault().Value as string ?? "";

                var shape = Analyze(property.Type);
                if (shape is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedOptionType, location,
                        property.Name, optionsType.Name, property.Type.ToDisplayString()));
                    continue;
                }

                RangeModel? range = null;
                var rangeAttribute = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == OptionRangeAttribute);
                if (rangeAttribute is not null)
                {
                    if (shape.Value.IsArray || shape.Value.Kind is not (ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Double))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RangeOnNonNumber,
                            LocationInfo.From(rangeAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? location, jsonName));
                    else
                        range = ParseRange(rangeAttribute);
                }

                string? defaultJson = null;
                if (compilation is not null)
                {
                    defaultJson = OptionDefaults.Of(property, parameter, shape.Value.Kind, shape.Value.IsArray, shape.Value.Enum, compilation, cancellationToken);
                    if (defaultJson is null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonConstantOptionDefault, location, property.Name, optionsType.Name));
                }

                result.Add(new OptionModel(property.Name, jsonName, description, shape.Value.Kind, shape.Value.Nullable,
                    shape.Value.IsArray, shape.Value.ItemType, shape.Value.Enum, range, defaultJson));
            }
        }
        return result.ToEquatableArray();
    }

    private static RangeModel? ParseRange(AttributeData attribute)
    {
        double? minimum = null, maximum = null;
        bool exclusiveMinimum = false, exclusiveMaximum = false;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Minimum": minimum = Convert.ToDouble(argument.Value.Value, CultureInfo.InvariantCulture); break;
                case "Maximum": maximum = Convert.ToDouble(argument.Value.Value, CultureInfo.InvariantCulture); break;
                case "ExclusiveMinimum": exclusiveMinimum = argument.Value.Value is true; break;
                case "ExclusiveMaximum": exclusiveMaximum = argument.Value.Value is true; break;
            }
        }
        if (minimum is { } min && double.IsInfinity(min)) minimum = null;
        if (maximum is { } max && double.IsInfinity(max)) maximum = null;
        return minimum is null && maximum is null ? null : new RangeModel(minimum, maximum, exclusiveMinimum, exclusiveMaximum);
    }

    private static (ScalarKind Kind, bool Nullable, bool IsArray, string ItemType, EnumModel? Enum)? Analyze(ITypeSymbol type)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }
        else if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }

        if (Scalar(type) is { } scalar)
            return (scalar.Kind, nullable, false, type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), scalar.Enum);

        ITypeSymbol? item = type switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true } named when named.OriginalDefinition.SpecialType is
                SpecialType.System_Collections_Generic_IReadOnlyList_T or SpecialType.System_Collections_Generic_IReadOnlyCollection_T or
                SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IList_T or
                SpecialType.System_Collections_Generic_ICollection_T => named.TypeArguments[0],
            _ => null,
        };
        if (item is null || item is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } ||
            Scalar(item) is not { } element)
            return null;
        return (element.Kind, nullable, true, item.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), element.Enum);
    }

    private static (ScalarKind Kind, EnumModel? Enum)? Scalar(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return (ScalarKind.Boolean, null);
            case SpecialType.System_Int32: return (ScalarKind.Int32, null);
            case SpecialType.System_Int64: return (ScalarKind.Int64, null);
            case SpecialType.System_Double: return (ScalarKind.Double, null);
            case SpecialType.System_String: return (ScalarKind.String, null);
        }
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType ||
            enumType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute"))
            return null;
        var typeName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
            .Select(f => new EnumMemberModel(f.Name,
                f.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == JsonEnumMemberNameAttribute)?
                    .ConstructorArguments.FirstOrDefault().Value as string ?? Naming.KebabCase(f.Name)))
            .ToEquatableArray();
        var suffix = new string(typeName.Replace("global::", "").Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        return (ScalarKind.Enum, new EnumModel(typeName, suffix, members));
    }
}
