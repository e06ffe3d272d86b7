package io.jenkins.plugins.statusqueue.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the URL checks of every service share. */
public final class Urls {

    private Urls() {
    }

    /** The URL trimmed and without trailing slashes, so that paths can be appended. */
    public static String normalize(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** Whether plain http is harmless because the host is this machine (tests, the sandbox). */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
