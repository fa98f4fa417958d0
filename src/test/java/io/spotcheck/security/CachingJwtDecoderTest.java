package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class CachingJwtDecoderTest {

    static final String KEY = "caching-jwt-decoder-test-signing-key-0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ZERO);
    final AtomicInteger verifications = new AtomicInteger();
    final JwtDecoder counting;

    CachingJwtDecoderTest() {
        validator.setClock(clock);
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        nimbus.setJwtValidator(validator);
        counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
    }

    static String token(String subject, Instant expires) {
        return DevTokens.mint(KEY, new DevTokens.Spec(subject, subject, "SCJG", null, List.of(Role.DEPT_OPERATOR), null, expires,
                DevTokens.AUDIENCE));
    }

    @Test
    void theSameTokenIsVerifiedOnceAndAnswersTheSameClaims() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counting, validator, 100, Duration.ofMinutes(5));
        String token = token("alice", NOW.plusSeconds(3600));

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second.getSubject()).isEqualTo("alice");
        assertThat(second.getClaims()).isEqualTo(first.getClaims());
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counting, validator, 100, Duration.ofMinutes(5));
        String token = token("bob", NOW.plusSeconds(60));
        decoder.decode(token);

        clock.now = NOW.plusSeconds(120);

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTokenWithAWrongSignatureIsNeverRemembered() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counting, validator, 100, Duration.ofMinutes(5));
        String good = token("carol", NOW.plusSeconds(3600));
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheMaximumAge() throws Exception {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counting, validator, 100, Duration.ofMillis(1));
        String token = token("dave", NOW.plusSeconds(3600));
        decoder.decode(token);
        Thread.sleep(5);

        decoder.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void theMemoryStaysWithinItsCapacity() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counting, validator, 10, Duration.ofMinutes(5));
        for (int i = 0; i < 35; i++) {
            decoder.decode(token("user" + i, NOW.plusSeconds(3600)));
            assertThat(decoder.size()).isLessThanOrEqualTo(10);
        }
    }
}
