package io.jenkins.plugins.statusqueue.trigger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hands out names that are unique, optionally ignoring case (as Jenkins' environment does): a name already taken
 * gets {@code _2}, {@code _3}... In amortised constant time per name, whatever the names: each base name remembers
 * the next suffix to try, so thousands of fields that clean up to the same name cost no more than distinct ones.
 */
final class UniqueNames {

    private final boolean ignoreCase;
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();

    UniqueNames(boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
    }

    /** Marks {@code name} as used without handing it out. */
    void reserve(String name) {
        taken.add(key(name));
    }

    /** {@code name} if it is free, else the first of {@code name_2}, {@code name_3}... that is; now taken. */
    String claim(String name) {
        String key = key(name);
        if (taken.add(key)) {
            return name;
        }
        int suffix = nextSuffix.getOrDefault(key, 2);
        while (!taken.add(key + "_" + suffix)) {
            suffix++;
        }
        nextSuffix.put(key, suffix + 1);
        return name + "_" + suffix;
    }

    private String key(String name) {
        return ignoreCase ? name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT) : name;
    }
}
