// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson;

import java.util.AbstractList;

public class ExtensionList<T> extends AbstractList<T> {
    protected ExtensionList() {
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static <T> ExtensionList<T> lookup(Class<T> type) {
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
