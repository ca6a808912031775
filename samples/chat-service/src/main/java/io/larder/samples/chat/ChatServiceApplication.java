package io.larder.samples.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** A chat service on Larder: run it, then {@code curl -X POST localhost:8080/login?user=alice -c cookies}. */
@SpringBootApplication
@EnableCaching
public class ChatServiceApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(ChatServiceApplication.class, args);
    }
}
