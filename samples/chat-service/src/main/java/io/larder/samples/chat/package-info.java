/** The sample chat service: a Spring Boot application on the Larder starter. */
@NullMarked
package io.larder.samples.chat;

import org.jspecify.annotations.NullMarked;
