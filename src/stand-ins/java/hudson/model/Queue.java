// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public class Queue {
    protected Queue() {
    }

    public abstract static class Item {
        protected Item() {
        }
    }
}
