package io.larder.spring;

import io.larder.Larder;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;
import io.larder.sessions.Sessions;
import io.larder.tasks.GenerationTasks;
import io.larder.templates.PromptTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;

/**
 * Larder in a Spring Boot application. Applies when the application sets any {@code larder.*}
 * property and defines no {@link Larder} bean of its own; then it reads {@code larder.*} (and
 * {@code environments.<profile>.larder.*} for the active Spring profile) with Larder's own parser,
 * and defines:
 * <ul>
 *   <li>{@code larder}, the {@link Larder}, its meters in the application's {@link MeterRegistry},
 *       closed with the context; {@code larderSettings}, what it was built from;</li>
 *   <li>{@code <name>Store} per declared store, {@code <name>Limiter} per declared rate limiter,
 *       {@code chatArchive} when a store {@code chat} is declared (all lazy);</li>
 *   <li>{@link Sessions}, {@link GenerationTasks}, {@link PromptTemplates} (lazy: nothing is opened
 *       until one is injected);</li>
 *   <li>with Spring Boot's health module: the health contributor {@code larder};</li>
 *   <li>with Spring Session: a {@link LarderSessionRepository} and, in a servlet web application,
 *       Spring Session's filter on it;</li>
 *   <li>when {@code larder.caches} declares caches: a {@link LarderCacheManager}.</li>
 * </ul>
 * Each bean backs off when the application defines one of its type.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        beforeName = {"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
                "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"})
@ConditionalOnClass({Larder.class, LarderYaml.class})
@Conditional(LarderConfigured.class)
@ConditionalOnMissingBean(Larder.class)
public final class LarderAutoConfiguration {

    /** For Spring. */
    public LarderAutoConfiguration() {
    }

    /** Reads the settings and registers the store, limiter and archive beans. */
    @Bean
    static LarderBeans larderBeans() {
        return new LarderBeans();
    }

    /** The Larder, closed with the context. */
    @Bean(destroyMethod = "close")
    Larder larder(LarderSettings larderSettings, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry r = registry.getIfUnique();
        return r == null ? LarderYaml.open(larderSettings) : LarderYaml.open(larderSettings, r);
    }

    /** Users' sessions, as {@code larder.sessions} configures them. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    Sessions larderSessions(Larder larder) {
        return Sessions.open(larder);
    }

    /** Long-running generation tasks, as {@code larder.tasks} configures them. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    GenerationTasks larderTasks(Larder larder) {
        return GenerationTasks.open(larder);
    }

    /** Prompt templates, as {@code larder.templates} configures them. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    PromptTemplates larderTemplates(Larder larder) {
        return PromptTemplates.open(larder);
    }

    /** Health, when Spring Boot's health module is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "larderHealthContributor")
        CompositeHealthContributor larderHealthContributor(Larder larder, LarderSettings larderSettings) {
            return LarderHealth.contributor(larder, larderSettings.storeNames());
        }
    }

    /** Spring Session on Larder's sessions, when Spring Session is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.session.FindByIndexNameSessionRepository")
    static class SpringSession {

        @Bean
        @ConditionalOnMissingBean(SessionRepository.class)
        LarderSessionRepository larderSessionRepository(Sessions larderSessions) {
            return new LarderSessionRepository(larderSessions);
        }

        /** Spring Session's filter over the repository, in a servlet application. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @ConditionalOnMissingBean(name = "springSessionRepositoryFilter")
        @Import(SpringHttpSessionConfiguration.class)
        static class Filter {
        }
    }

    /** Spring Cache on {@code larder.caches}, when any is declared. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(CachesDeclared.class)
    static class SpringCache {

        @Bean
        @ConditionalOnMissingBean(CacheManager.class)
        LarderCacheManager larderCacheManager(Larder larder, LarderSettings larderSettings,
                                              ObjectProvider<LarderCacheManager.ValueTypes> types) {
            return LarderCacheManager.of(larder, larderSettings.caches(),
                    types.getIfAvailable(LarderCacheManager.ValueTypes::none));
        }
    }
}
