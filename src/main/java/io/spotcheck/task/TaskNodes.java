package io.spotcheck.task;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.stereotype.Component;

/** Tasks and plans as Relay nodes, read with the same checks as {@code task(id:)} and {@code plans}. */
class TaskNodes {

    @Component
    static class Tasks implements NodeLoader<Caller> {

        private final TaskController controller;

        Tasks(TaskController controller) {
            this.controller = controller;
        }

        @Override
        public String type() {
            return "Task";
        }

        @Override
        public Class<?> javaType() {
            return Task.class;
        }

        @Override
        public String localId(Object node) {
            return ((Task) node).id();
        }

        @Override
        public Object load(Caller caller, String localId) {
            return controller.task(localId, caller);
        }
    }

    @Component
    static class Plans implements NodeLoader<Caller> {

        private final TaskStore store;

        Plans(TaskStore store) {
            this.store = store;
        }

        @Override
        public String type() {
            return "Plan";
        }

        @Override
        public Class<?> javaType() {
            return Plan.class;
        }

        @Override
        public String localId(Object node) {
            return ((Plan) node).id();
        }

        @Override
        public Object load(Caller caller, String localId) {
            caller.requireSignedIn();
            return store.plan(localId);
        }
    }
}
