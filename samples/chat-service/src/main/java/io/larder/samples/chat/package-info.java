/** The sample chat service: a Spring Boot application on the Larder starter. */
package io.larder.samples.chat;
