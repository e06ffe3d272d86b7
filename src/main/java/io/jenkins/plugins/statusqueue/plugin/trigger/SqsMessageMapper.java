package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.jenkins.plugins.statusqueue.trigger.MessageMapper;

/**
 * The "custom" mode of the SQS trigger: other plugins contribute an {@code @Extension} that maps a message to build
 * parameters, or declines it, in the spirit of buildbot's change source subclasses. A trigger names its mapper by
 * {@link #getId()}.
 */
public abstract class SqsMessageMapper implements ExtensionPoint, MessageMapper {

    /** A stable id the trigger's configuration refers to. */
    public abstract String getId();

    /** What administrators see in the trigger's drop-down. */
    public abstract String getDisplayName();

    public static ExtensionList<SqsMessageMapper> all() {
        return ExtensionList.lookup(SqsMessageMapper.class);
    }

    /** The mapper with this id, or {@code null}. */
    public static SqsMessageMapper byId(String id) {
        for (SqsMessageMapper mapper : all()) {
            if (mapper.getId().equals(id)) {
                return mapper;
            }
        }
        return null;
    }
}
