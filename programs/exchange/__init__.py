"""The federal catalogue package (regional navigators → Госуслуги «Запись в кружки»): its code
tables (codes.py), the export (export.py) and the import (the importer's modules). The
package's shape is in ../shared/exchange.md and docs/exchange.md."""
