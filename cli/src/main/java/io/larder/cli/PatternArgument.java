package io.larder.cli;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a regular expression given on the command line, saying in plain words what is wrong with one that is not. Stateless. */
final class PatternArgument implements ITypeConverter<Pattern> {
    @Override
    public Pattern convert(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "";
            throw new TypeConversionException("'" + value + "' is not a regular expression: " + e.getDescription() + where);
        }
    }
}
