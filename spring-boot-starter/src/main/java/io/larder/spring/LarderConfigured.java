package io.larder.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application sets any key under {@code larder.}: an application that only has
 * the starter on its class path (a transitive dependency) gets nothing.
 */
final class LarderConfigured extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return EnvironmentTree.configures(context.getEnvironment(), EnvironmentTree.LARDER)
                ? ConditionOutcome.match("larder.* is set")
                : ConditionOutcome.noMatch("no property under larder. is set");
    }
}
