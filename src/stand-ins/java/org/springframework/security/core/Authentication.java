// Compile-only stand-in for org.springframework.security:spring-security-core (bundled by Jenkins core); never packaged.
package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;

public interface Authentication extends Principal, Serializable {
}
