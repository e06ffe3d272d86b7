// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson;

import java.util.AbstractList;

public class ExtensionList<T> extends AbstractList<T> {

    protected ExtensionList() {
    }

    public static <T> ExtensionList<T> lookup(Class<T> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static <U> U lookupFirst(Class<U> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public <U extends T> U get(Class<U> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("stand-in");
    }
}
