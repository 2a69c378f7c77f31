package dev.chorus.signaling.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.signaling.admin.AdminAuth.Result;
import org.junit.jupiter.api.Test;

class AdminAuthTest {
    @Test
    void noTokenDisablesEverything() {
        for (String token : new String[] {null, "", "   "}) {
            AdminAuth a = new AdminAuth(token);
            assertFalse(a.enabled());
            assertEquals(Result.DISABLED, a.check(null));
            assertEquals(Result.DISABLED, a.check("Bearer "));
            assertEquals(Result.DISABLED, a.check("Bearer " + token));
        }
    }

    @Test
    void bearerTokenMustMatchExactly() {
        AdminAuth a = new AdminAuth("s3cret-token");
        assertTrue(a.enabled());
        assertEquals(Result.OK, a.check("Bearer s3cret-token"));
        assertEquals(Result.OK, a.check("bearer s3cret-token"), "the scheme is case-insensitive");
        assertEquals(Result.OK, a.check("Bearer  s3cret-token "), "surrounding blanks are not part of a token");
        assertEquals(Result.WRONG, a.check("Bearer S3CRET-TOKEN"));
        assertEquals(Result.WRONG, a.check("Bearer s3cret-toke"));
        assertEquals(Result.WRONG, a.check("Bearer s3cret-token2"));
        assertEquals(Result.MISSING, a.check(null));
        assertEquals(Result.MISSING, a.check(""));
        assertEquals(Result.MISSING, a.check("Bearer"));
        assertEquals(Result.MISSING, a.check("Bearer    "));
        assertEquals(Result.MISSING, a.check("Basic s3cret-token"));
        assertEquals(Result.MISSING, a.check("s3cret-token"));
    }
}
