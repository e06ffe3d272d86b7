// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.List;

public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>,
        C extends IdCredentials> extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        throw new UnsupportedOperationException("stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatching(ItemGroup context, Class<? extends C> type,
            List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("stand-in");
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(String value) {
        throw new UnsupportedOperationException("stand-in");
    }
}
