using System;
using System.Collections.Generic;
using System.Globalization;
using SharpYaml;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load
{
    /// <summary>
    /// Repairs of defects bunq's own published specs are known to have, applied to the node tree before the OpenAPI reader
    /// sees it. Each repair is narrow (it only fires on a shape that is invalid OpenAPI) and is reported as an info
    /// diagnostic, so nothing changes silently.
    /// </summary>
    internal static class SpecRepairs
    {
        private const string HeadersPrefix = "#/components/headers/";
        private const string ParametersPrefix = "#/components/parameters/";

        /// <summary>
        /// bunq's 2018 OpenAPI 3 specs declare their request headers under <c>components/headers</c> (in parameter shape,
        /// with <c>name</c> and <c>in</c>) and list them in operations as <c>$ref: '#/components/headers/…'</c>; the reader
        /// refuses a parameter that refers to a header. Such a reference is pointed at a copy under
        /// <c>components/parameters</c> instead. Returns the pointers of the rewritten references.
        /// </summary>
        public static List<string> HeaderReferencesUsedAsParameters(YamlNode root)
        {
            var rewritten = new List<string>();
            if (root is not YamlMappingNode document
                || Child(document, "paths") is not YamlMappingNode paths
                || Child(document, "components") is not YamlMappingNode components
                || Child(components, "headers") is not YamlMappingNode headers)
            {
                return rewritten;
            }

            foreach (var path in paths.Children)
            {
                if (path.Value is not YamlMappingNode pathItem)
                {
                    continue;
                }

                var pathPointer = "/paths/" + SpecSourceMap.Escape((path.Key as YamlScalarNode)?.Value ?? "");
                Repair(Child(pathItem, "parameters"), pathPointer + "/parameters", components, headers, rewritten);
                foreach (var operation in pathItem.Children)
                {
                    if (operation.Value is YamlMappingNode operationNode)
                    {
                        var name = (operation.Key as YamlScalarNode)?.Value ?? "";
                        Repair(Child(operationNode, "parameters"), pathPointer + "/" + SpecSourceMap.Escape(name) + "/parameters", components, headers, rewritten);
                    }
                }
            }

            return rewritten;
        }

        private static void Repair(YamlNode? parameters, string pointer, YamlMappingNode components, YamlMappingNode headers, List<string> rewritten)
        {
            if (parameters is not YamlSequenceNode list)
            {
                return;
            }

            for (var i = 0; i < list.Children.Count; i++)
            {
                if (list.Children[i] is not YamlMappingNode parameter
                    || Child(parameter, "$ref") is not YamlScalarNode reference
                    || reference.Value is null
                    || !reference.Value.StartsWith(HeadersPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = reference.Value.Substring(HeadersPrefix.Length);
                if (Child(headers, SpecSourceMap.Unescape(name)) is not YamlMappingNode header || Child(header, "in") is null)
                {
                    // Not parameter-shaped: leave it for the reader to report.
                    continue;
                }

                if (Child(components, "parameters") is not YamlMappingNode componentParameters)
                {
                    componentParameters = new YamlMappingNode();
                    components.Children[Key("parameters")] = componentParameters;
                }

                if (Child(componentParameters, SpecSourceMap.Unescape(name)) is null)
                {
                    componentParameters.Children[Key(SpecSourceMap.Unescape(name))] = header;
                }

                reference.Value = ParametersPrefix + name;
                rewritten.Add(pointer + "/" + i.ToString(CultureInfo.InvariantCulture) + "/$ref");
            }
        }

        private static YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private static YamlScalarNode Key(string key) => new YamlScalarNode(key) { Style = ScalarStyle.DoubleQuoted };
    }
}
