package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.Extension;
import hudson.model.Item;
import hudson.model.listeners.ItemListener;

/**
 * Keeps the trigger subscriptions in step with the jobs: Jenkins neither restarts a trigger when its job (or a
 * folder above it) is renamed or moved, nor stops it when the job is deleted. At shutdown the pollers stop and close
 * their queues.
 */
@Extension
public class SqsTriggerItemListener extends ItemListener {

    @Override
    public void onLocationChanged(Item item, String oldFullName, String newFullName) {
        SqsTrigger.pollers().rename(oldFullName, newFullName);
    }

    @Override
    public void onDeleted(Item item) {
        SqsTrigger.pollers().remove(item.getFullName());
    }

    @Override
    public void onBeforeShutdown() {
        SqsTrigger.pollers().shutDown();
    }
}
