// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package net.sf.json;

public final class JSONObject {
    private JSONObject() {
    }
}
