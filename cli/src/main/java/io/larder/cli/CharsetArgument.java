package io.larder.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an encoding given on the command line by its name or an alias ({@code GBK}, {@code gb18030}, {@code utf8}). Stateless. */
final class CharsetArgument implements ITypeConverter<Charset> {
    @Override
    public Charset convert(String value) {
        try {
            return Charset.forName(value);
        } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
            throw new TypeConversionException("'" + value + "' is not an encoding this Java knows; expected a name "
                    + "such as UTF-8, GBK, GB18030 or Big5");
        }
    }
}
