// Compile-only stand-in for org.jenkins-ci.plugins:credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {

    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(Class<C> type, ItemGroup itemGroup,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static <C extends Credentials> List<C> lookupCredentialsInItem(Class<C> type, Item item,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stand-in");
    }
}
