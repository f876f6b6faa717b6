package io.chatcontinuity.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.StringPermission;
import io.quarkus.security.credential.TokenCredential;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {

    private final CallerIdentity visitor = CallerIdentity.of("ses_1", Caller.VISITOR, "session", "the session");

    @Test
    void holdsItsPrincipalRoleAndAttribute() {
        assertEquals("ses_1", visitor.getPrincipal().getName());
        assertFalse(visitor.isAnonymous());
        assertTrue(visitor.hasRole(Caller.VISITOR.role()));
        assertFalse(visitor.hasRole(Caller.BRAND.role()));
        assertEquals(Set.of(Caller.VISITOR.role()), visitor.getRoles());
        assertEquals("the session", visitor.<String>getAttribute("session"));
        assertNull(visitor.getAttribute("app"));
        assertEquals(Map.of("session", "the session"), visitor.getAttributes());
    }

    @Test
    void anIdentityWithoutAttributeHasNone() {
        CallerIdentity operator = CallerIdentity.of("operator", Caller.OPERATOR);

        assertEquals(Map.of(), operator.getAttributes());
        assertNull(operator.getAttribute("session"));
    }

    @Test
    void grantsNoPermissionAndHoldsNoCredential() {
        assertFalse(visitor.checkPermissionBlocking(new StringPermission("read")));
        assertTrue(visitor.getPermissions().isEmpty());
        assertTrue(visitor.getCredentials().isEmpty());
        assertNull(visitor.getCredential(TokenCredential.class));
    }
}
