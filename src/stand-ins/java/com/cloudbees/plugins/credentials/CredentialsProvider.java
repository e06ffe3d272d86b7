// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.ItemGroup;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class CredentialsProvider implements ExtensionPoint {
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(Class<C> type, ItemGroup itemGroup,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stand-in");
    }
}
