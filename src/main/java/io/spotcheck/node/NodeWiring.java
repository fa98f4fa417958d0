package io.spotcheck.node;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * Global ids in and out, through Spring for GraphQL's public extension points:
 * <ul>
 * <li>the {@code id} field of every type implementing {@code Node} answers the global id of the
 * object (its feature's {@link io.spotcheck.api.NodeLoader} says which local id it has);</li>
 * <li>an argument that names an entity ({@code id}, {@code ids}, {@code …Id}, {@code …Ids}, also
 * inside input objects) accepts a global id as well as the local id clients always sent: a global
 * id of a Node type is turned into its local id before the feature's controller sees it, so no
 * controller has to know about global ids;</li>
 * <li>{@code localId}, where a Node type has it, answers the local id the type always had;</li>
 * <li>the {@code Node} interface resolves its concrete type by the loaders' Java types.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class NodeWiring {

    @Bean
    RuntimeWiringConfigurer nodeTypeResolver(NodeRegistry registry) {
        return wiring -> wiring.type("Node", t -> t.typeResolver(env -> {
            String type = registry.typeOf(env.getObject());
            return type == null ? null : env.getSchema().getObjectType(type);
        }));
    }

    @Bean
    GraphQlSourceBuilderCustomizer globalIdFields(NodeRegistry registry) {
        return builder -> builder.typeVisitors(List.of(new GlobalIdVisitor(registry)));
    }

    static final class GlobalIdVisitor extends GraphQLTypeVisitorStub {

        private final NodeRegistry registry;

        GlobalIdVisitor(NodeRegistry registry) {
            this.registry = registry;
        }

        @Override
        public TraversalControl visitGraphQLFieldDefinition(GraphQLFieldDefinition field, TraverserContext<GraphQLSchemaElement> context) {
            if (!(context.getParentNode() instanceof GraphQLFieldsContainer parent) || parent.getName().startsWith("__")) {
                return TraversalControl.CONTINUE;
            }
            GraphQLCodeRegistry.Builder code = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
            FieldCoordinates coordinates = FieldCoordinates.coordinates(parent.getName(), field.getName());
            if ("id".equals(field.getName()) && parent instanceof GraphQLObjectType object && implementsNode(object)) {
                String type = object.getName();
                code.dataFetcher(coordinates, (DataFetcher<Object>) env -> registry.globalId(type, env.getSource()));
                return TraversalControl.CONTINUE;
            }
            if ("localId".equals(field.getName()) && parent instanceof GraphQLObjectType object && implementsNode(object)) {
                String type = object.getName();
                code.dataFetcher(coordinates, (DataFetcher<Object>) env -> registry.loader(type).shownLocalId(env.getSource()));
                return TraversalControl.CONTINUE;
            }
            boolean nodeQuery = "Query".equals(parent.getName()) && ("node".equals(field.getName()) || "nodes".equals(field.getName()));
            if (!nodeQuery && field.getArguments().stream().anyMatch(GlobalIdVisitor::mayNameEntity)) {
                DataFetcher<?> original = code.getDataFetcher(coordinates, field);
                code.dataFetcher(coordinates, (DataFetcher<Object>) env -> original.get(withLocalIds(env)));
            }
            return TraversalControl.CONTINUE;
        }

        private static boolean implementsNode(GraphQLObjectType object) {
            return object.getInterfaces().stream().anyMatch(i -> "Node".equals(((GraphQLNamedType) i).getName()));
        }

        private static boolean mayNameEntity(GraphQLArgument argument) {
            return namesEntity(argument.getName()) || graphql.schema.GraphQLTypeUtil.unwrapAll(argument.getType())
                    instanceof graphql.schema.GraphQLInputObjectType;
        }

        private static boolean namesEntity(String name) {
            return "id".equals(name) || "ids".equals(name) || name.endsWith("Id") || name.endsWith("Ids");
        }

        private DataFetchingEnvironment withLocalIds(DataFetchingEnvironment env) {
            Map<String, Object> arguments = env.getArguments();
            Map<String, Object> rewritten = rewrite(arguments);
            return rewritten == arguments ? env
                    : DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env).arguments(rewritten).build();
        }

        /** The same map when nothing changed, so a request with local ids costs no copy. */
        @SuppressWarnings("unchecked")
        private Map<String, Object> rewrite(Map<String, Object> values) {
            Map<String, Object> copy = null;
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object value = e.getValue();
                Object replaced = value;
                if (value instanceof Map<?, ?> input) {
                    replaced = rewrite((Map<String, Object>) input);
                } else if (namesEntity(e.getKey()) && value instanceof String s) {
                    replaced = registry.localOrSame(s);
                } else if (namesEntity(e.getKey()) && value instanceof List<?> list) {
                    List<Object> out = new ArrayList<>(list.size());
                    boolean changed = false;
                    for (Object item : list) {
                        Object local = item instanceof String s ? registry.localOrSame(s) : item;
                        changed |= local != item;
                        out.add(local);
                    }
                    replaced = changed ? out : list;
                } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                    List<Object> out = new ArrayList<>(list.size());
                    boolean changed = false;
                    for (Object item : list) {
                        Object local = item instanceof Map<?, ?> m ? rewrite((Map<String, Object>) m) : item;
                        changed |= local != item;
                        out.add(local);
                    }
                    replaced = changed ? out : list;
                }
                if (replaced != value) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>(values);
                    }
                    copy.put(e.getKey(), replaced);
                }
            }
            return copy == null ? values : copy;
        }
    }
}
