package io.jenkins.plugins.statusqueue.history;

import java.util.List;

/**
 * One page of a longer list, newest first.
 *
 * @param items  the entries of this page
 * @param offset the position of the first of them in the whole list
 * @param total  how many entries the whole list holds
 */
public record Slice<T>(List<T> items, int offset, int total) {

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return offset + items.size() < total;
    }

    public int nextOffset() {
        return offset + items.size();
    }

    /** The offset of the page before this one, for a page of {@code size} entries. */
    public int previousOffset(int size) {
        return Math.max(0, offset - size);
    }

    /** Where this page ends, counted from 1, for "21-40 of 312". */
    public int last() {
        return offset + items.size();
    }
}
