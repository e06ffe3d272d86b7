// Compile-only stand-in for org.kohsuke.stapler:json-lib 2.4-jenkins (bundled by Jenkins core); never packaged.
package net.sf.json;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Raw Map and Comparable as in json-lib. */
@SuppressWarnings("rawtypes")
public final class JSONObject extends AbstractJSON implements JSON, Map, Comparable {

    private static final long serialVersionUID = 1L;

    public JSONObject() {
    }

    public JSONObject getJSONObject(String key) {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getString(String key) {
        throw new UnsupportedOperationException("stand-in");
    }

    public String optString(String key) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public int compareTo(Object other) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public boolean isEmpty() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public boolean containsKey(Object key) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public boolean containsValue(Object value) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Object get(Object key) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Object put(Object key, Object value) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Object remove(Object key) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public void putAll(Map map) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Set keySet() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Collection values() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Set entrySet() {
        throw new UnsupportedOperationException("stand-in");
    }
}
