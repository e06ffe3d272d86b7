// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model.listeners;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Item;

public class ItemListener implements ExtensionPoint {

    public void onCreated(Item item) {
    }

    public void onCopied(Item src, Item item) {
        onCreated(item);
    }

    public void onLoaded() {
    }

    public void onDeleted(Item item) {
    }

    public void onRenamed(Item item, String oldName, String newName) {
    }

    public void onLocationChanged(Item item, String oldFullName, String newFullName) {
    }

    public void onUpdated(Item item) {
    }

    public void onBeforeShutdown() {
    }

    public static ExtensionList<ItemListener> all() {
        throw new UnsupportedOperationException("stand-in");
    }
}
