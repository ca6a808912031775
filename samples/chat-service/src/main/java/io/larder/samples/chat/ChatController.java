package io.larder.samples.chat;

import io.larder.chat.ChatArchive;
import io.larder.chat.ChatMessage;
import io.larder.limiter.Decision;
import io.larder.limiter.RateLimiter;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in keeps the user in a Spring session (stored as a Larder session); a signed-in user
 * posts messages to a group's archive, at most as often as the limiter {@code posts} allows, and
 * reads the latest ones back.
 */
@RestController
class ChatController {
    private final ChatArchive archive;
    private final RateLimiter posts;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final Clock clock = Clock.systemUTC();

    ChatController(ChatArchive archive, @Qualifier("postsLimiter") RateLimiter posts,
                   FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.archive = archive;
        this.posts = posts;
        this.sessions = sessions;
    }

    @PostMapping("/login")
    Map<String, String> login(@RequestParam String user, HttpSession session) {
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user);
        return Map.of("user", user);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpSession session) {
        session.invalidate();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/groups/{group}/messages")
    ResponseEntity<Map<String, Object>> post(@PathVariable String group, @RequestBody String text, HttpSession session) {
        Object user = session.getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
        if (user == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        Decision d = posts.tryAcquire(user.toString());
        if (!d.allowed()) {
            long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).build();
        }
        ChatMessage m = ChatMessage.builder(group, user.toString()).content(text).timestamp(clock.millis()).build();
        List<String> ids = archive.append(m).ids();
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", ids.isEmpty() ? "" : ids.get(0),
                "remaining", d.remaining()));
    }

    @GetMapping("/groups/{group}/messages")
    List<Map<String, Object>> latest(@PathVariable String group, @RequestParam(defaultValue = "20") int n) {
        return archive.latest(group, n).items().stream()
                .map(m -> Map.<String, Object>of("id", m.id(), "sender", m.senderId(), "text", m.content()))
                .toList();
    }

    @GetMapping("/users/{user}/sessions")
    Map<String, Object> sessionsOf(@PathVariable String user) {
        return Map.of("user", user, "sessions", sessions.findByPrincipalName(user).size());
    }
}
