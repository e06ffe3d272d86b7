// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

import java.util.List;

public class Queue {
    protected Queue() {
    }

    public List<Item> getItems(Task t) {
        throw new UnsupportedOperationException("stand-in");
    }

    public interface Task extends ModelObject {
    }

    public interface QueueAction extends Action {
        boolean shouldSchedule(List<Action> actions);
    }

    public abstract static class Item {
        protected Item() {
        }
    }
}
