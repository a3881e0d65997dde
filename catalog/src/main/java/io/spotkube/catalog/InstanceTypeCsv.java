package io.spotkube.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the catalog's CSV layout (see ec2-instance-types.SOURCES.md for each column). */
final class InstanceTypeCsv {

  static final List<String> COLUMNS = List.of(
      "instance_type", "family", "generation", "vcpus", "memory_mib", "gpus", "gpu_memory_mib",
      "architectures", "burstable", "current_generation", "max_enis", "ipv4_per_eni", "max_pods_eni",
      "od_price_usd_us_east_1", "od_price_usd_eu_west_1");

  private static final String PRICE_PREFIX = "od_price_usd_";

  private InstanceTypeCsv() {
  }

  static List<InstanceType> read(Reader source, String sourceName) throws IOException {
    BufferedReader reader = new BufferedReader(source);
    String header = reader.readLine();
    if (header == null) {
      throw new CatalogFormatException(sourceName + ": empty file, expected the header " + String.join(",", COLUMNS));
    }
    List<String> columns = Arrays.asList(header.strip().split(",", -1));
    for (String required : COLUMNS.subList(0, 13)) {
      if (!columns.contains(required)) {
        throw new CatalogFormatException(sourceName + ": header lacks column " + required);
      }
    }
    List<InstanceType> types = new ArrayList<>();
    String line;
    int lineNumber = 1;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != columns.size()) {
        throw new CatalogFormatException(sourceName + ":" + lineNumber + ": expected " + columns.size()
            + " cells, found " + cells.length);
      }
      Row row = new Row(sourceName, lineNumber, columns, cells);
      types.add(row.toInstanceType());
    }
    return types;
  }

  private record Row(String source, int line, List<String> columns, String[] cells) {

    InstanceType toInstanceType() {
      Map<String, Double> prices = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        if (column.startsWith(PRICE_PREFIX) && !cells[i].isEmpty()) {
          String region = column.substring(PRICE_PREFIX.length()).replace('_', '-');
          prices.put(region, decimal(column));
        }
      }
      String generation = text("generation");
      return new InstanceType(
          text("instance_type"),
          text("family"),
          generation.isEmpty() ? 0 : (int) integer("generation"),
          (int) integer("vcpus"),
          integer("memory_mib"),
          (int) integer("gpus"),
          integer("gpu_memory_mib"),
          List.of(text("architectures").split(";")),
          bool("burstable"),
          bool("current_generation"),
          (int) integer("max_enis"),
          (int) integer("ipv4_per_eni"),
          (int) integer("max_pods_eni"),
          prices);
    }

    private String text(String column) {
      return cells[columns.indexOf(column)].strip();
    }

    private long integer(String column) {
      String value = text(column);
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw bad(column, value, "a whole number");
      }
    }

    private double decimal(String column) {
      String value = text(column);
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw bad(column, value, "a decimal number");
      }
    }

    private boolean bool(String column) {
      String value = text(column);
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      throw bad(column, value, "true or false");
    }

    private CatalogFormatException bad(String column, String value, String expected) {
      return new CatalogFormatException(source + ":" + line + ": column " + column + " is '" + value
          + "', expected " + expected);
    }
  }
}
