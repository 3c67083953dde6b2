package dev.fleetwright.core.api.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads YAML files and directories into {@link NamedSource}s the way {@code kubectl apply -f} picks them: a directory
 * contributes its {@code *.yaml} and {@code *.yml} files (not its subdirectories), sorted by name. Shared by the
 * configuration and workload loaders so both treat paths alike.
 */
final class SourceFiles {

    private SourceFiles() {}

    /**
     * The texts of files and directories, and the problems met reading them.
     *
     * @param sources the texts, named by their path as given (for a directory, the directory joined with the file)
     * @param errors a missing path, an unreadable or non-UTF-8 file, a directory without YAML files
     */
    record Read(List<NamedSource> sources, List<ConfigError> errors) {
        Read {
            sources = List.copyOf(sources);
            errors = List.copyOf(errors);
        }
    }

    /** Reads every path, in order; never throws for I/O problems (they become errors). */
    static Read read(List<Path> paths) {
        List<NamedSource> sources = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> listing = Files.list(path)) {
                    files = listing.filter(Files::isRegularFile)
                            .filter(p -> {
                                String n = p.getFileName().toString();
                                return n.endsWith(".yaml") || n.endsWith(".yml");
                            })
                            .sorted()
                            .toList();
                } catch (IOException e) {
                    errors.add(ConfigError.ofSource(path.toString(), "cannot list directory: " + e.getMessage()));
                    continue;
                }
                if (files.isEmpty()) {
                    errors.add(ConfigError.ofSource(path.toString(), "directory has no .yaml or .yml files"));
                }
                for (Path file : files) {
                    readFile(file, sources, errors);
                }
            } else if (Files.exists(path)) {
                readFile(path, sources, errors);
            } else {
                errors.add(ConfigError.ofSource(path.toString(), "no such file or directory"));
            }
        }
        return new Read(sources, errors);
    }

    private static void readFile(Path file, List<NamedSource> sources, List<ConfigError> errors) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            sources.add(new NamedSource(file.toString(), text));
        } catch (CharacterCodingException e) {
            errors.add(ConfigError.ofSource(file.toString(), "file is not UTF-8 text"));
        } catch (IOException e) {
            errors.add(ConfigError.ofSource(file.toString(), "cannot read file: " + e.getMessage()));
        }
    }
}
