package io.larder.cli;

import io.larder.DataSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a size given on the command line as configuration writes one: {@code 512KB}, {@code 8MB}, {@code 1GB}, bytes. Stateless. */
final class SizeArgument implements ITypeConverter<DataSize> {
    @Override
    public DataSize convert(String value) {
        try {
            return DataSize.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TypeConversionException("expected a size such as 512KB, 8MB or 1GB, got '" + value + "'");
        }
    }
}
